//! Speed of `expansim fit` on the county's own event log: one year of cases (about 87,000
//! activity instances), read from CSV, discovered, fitted and written as a scenario.
//!
//! Run with `cargo bench --bench fit`. Throughput is in activity instances per second; the
//! README's performance table quotes the whole command on a million.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use expansim::export::eventlog::{self, Traced};
use expansim::study::{Source, Study};

fn fit_a_year_of_the_county(c: &mut Criterion) {
    let study = Study::load(Source::County, &["scenario.horizon=545".to_string()])
        .expect("the county loads");
    let model = &study.variants[0].model;
    let trace = expansim::engine::simulate_traced(model, 0, 0.0, None).1;
    let bytes = eventlog::csv(&[Traced {
        variant: "current",
        replication: 0,
        model,
        trace: &trace,
    }]);
    let dir = tempfile::tempdir().expect("a temporary folder");
    let log = dir.path().join("event_log.csv");
    std::fs::write(&log, &bytes).expect("the log is written");
    let zone =
        expansim::fit::log::Zones::at(expansim::fit::log::parse_zone("+08:00").expect("a zone"));
    let columns = expansim::fit::log::Columns::default();
    let rows = expansim::fit::fit(&[log.as_path()], &columns, zone, expansim::i18n::Lang::En)
        .expect("the log fits")
        .log
        .records
        .len();
    let mut g = c.benchmark_group("fit");
    g.throughput(Throughput::Elements(rows as u64));
    g.sample_size(10);
    g.bench_function("county_year", |b| {
        b.iter(|| expansim::fit::fit(&[log.as_path()], &columns, zone, expansim::i18n::Lang::En));
    });
    g.finish();
}

criterion_group!(benches, fit_a_year_of_the_county);
criterion_main!(benches);
