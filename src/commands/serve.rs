//! `expansim serve`: the web app on a local HTTP server. Requests go to the library
//! ([`expansim::web::Lab`]); this module only receives them, keeps at most `--max-runs`
//! simulations running at once (the rest wait their turn), and answers.

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use axum::Router;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{DefaultBodyLimit, Query, State};
use axum::http::{HeaderMap, Method, StatusCode, Uri, header};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use expansim::i18n::Lang;
use expansim::study::Progress;
use expansim::web::{self, Lab, Refused, Request};
use tokio::sync::Semaphore;

use super::outln;

/// Largest request body accepted (the settings of a page are a few kilobytes).
const MAX_BODY: usize = 64 * 1024;
/// Requests that may wait for a simulation; beyond, the server answers 503.
const MAX_WAITING: usize = 512;

/// What every request shares.
struct App {
    lab: Lab,
    /// The language of answers that ask for none.
    lang: Lang,
    /// Whether `--lang` or the server's locale chose [`App::lang`]; if not, a page is in the
    /// language its browser prefers.
    lang_chosen: bool,
    runs: Arc<Semaphore>,
    waiting: AtomicUsize,
    jobs: usize,
    /// Set on Ctrl-C or SIGTERM: the runs under way stop at their next replication.
    stopping: AtomicBool,
}

/// Set when the request's handler is dropped: the client went away (a reload, a closed
/// tab), so nobody will read the answer.
struct Gone(Arc<AtomicBool>);

impl Drop for Gone {
    fn drop(&mut self) {
        self.0.store(true, Ordering::SeqCst);
    }
}

/// A request waiting for a simulation slot, counted in [`App::waiting`] until dropped.
struct Queued<'a> {
    app: &'a App,
    /// Requests that were waiting before this one.
    ahead: usize,
}

impl<'a> Queued<'a> {
    fn new(app: &'a App) -> Queued<'a> {
        let ahead = app.waiting.fetch_add(1, Ordering::SeqCst);
        Queued { app, ahead }
    }
}

impl Drop for Queued<'_> {
    fn drop(&mut self) {
        self.app.waiting.fetch_sub(1, Ordering::SeqCst);
    }
}

/// A run's [`Progress`]: it stops when its client has gone or the server is stopping.
struct Watch {
    gone: Arc<AtomicBool>,
    app: Arc<App>,
}

impl Progress for Watch {
    fn stopped(&self) -> bool {
        self.gone.load(Ordering::SeqCst) || self.app.stopping.load(Ordering::SeqCst)
    }
}

/// The settings of `expansim serve`.
#[derive(Debug)]
pub struct Settings {
    /// Scenario file (`None`: the built-in county).
    pub scenario: Option<std::path::PathBuf>,
    /// Address to listen on.
    pub host: String,
    /// Port (0: any free one).
    pub port: u16,
    /// Language of pages that do not ask for one.
    pub lang: Option<Lang>,
    /// Simulations at once.
    pub max_runs: Option<usize>,
}

impl TryFrom<expansim::cli::Command> for Settings {
    type Error = anyhow::Error;

    fn try_from(c: expansim::cli::Command) -> anyhow::Result<Settings> {
        match c {
            expansim::cli::Command::Serve {
                scenario,
                port,
                host,
                lang,
                max_runs,
            } => Ok(Settings {
                scenario,
                host,
                port,
                lang,
                max_runs: max_runs.map(|n| n as usize),
            }),
            _ => anyhow::bail!("not the serve command"),
        }
    }
}

/// Serves the page until Ctrl-C or SIGTERM.
pub fn serve(s: Settings) -> anyhow::Result<()> {
    let study = super::load(
        s.scenario.as_deref(),
        &expansim::options::RunOptions::default(),
    )?;
    let lab = Lab::new(&study, s.scenario.as_ref().map(|p| p.display().to_string()))?;
    let cores = std::thread::available_parallelism().map_or(1, usize::from);
    let max_runs = s.max_runs.unwrap_or(cores).max(1);
    let app = Arc::new(App {
        lab,
        lang: s.lang.or_else(Lang::chosen_by_env).unwrap_or(Lang::En),
        lang_chosen: s.lang.or_else(Lang::chosen_by_env).is_some(),
        runs: Arc::new(Semaphore::new(max_runs)),
        waiting: AtomicUsize::new(0),
        jobs: cores,
        stopping: AtomicBool::new(false),
    });
    let shared = Arc::clone(&app);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(cores.max(2))
        .enable_all()
        .build()
        .map_err(|why| anyhow::anyhow!("could not start the web server's threads: {why}"))?;
    runtime.block_on(async move {
        let signal = stopped()
            .map_err(|why| anyhow::anyhow!("could not listen for Ctrl-C and SIGTERM: {why}"))?;
        // The runs under way stop at their next replication, and those waiting are turned
        // away, so the server stops within moments.
        let stopped = async move {
            signal.await;
            shared.stopping.store(true, Ordering::SeqCst);
            shared.runs.close();
            outln!("{}", shared.lang.t("expansim serve: stopping"));
        };
        // An IP address, or a name this computer resolves (`localhost`): its first address.
        let addr: SocketAddr = match format!("{}:{}", bracket(&s.host), s.port).parse() {
            Ok(addr) => addr,
            Err(why) => std::net::ToSocketAddrs::to_socket_addrs(&(s.host.as_str(), s.port))
                .ok()
                .and_then(|mut found| found.next())
                .ok_or_else(|| anyhow::anyhow!("--host {host} --port {port}: not an address to listen on; give an IP address such as 127.0.0.1 or 0.0.0.0: {why}", host = s.host, port = s.port))?,
        };
        let listener = tokio::net::TcpListener::bind(addr)
            .await
            .map_err(|why| anyhow::anyhow!("could not listen on {addr}; is the port in use? Choose another with --port: {why}"))?;
        let local = listener.local_addr()?;
        let l = app.lang;
        let address = local.to_string();
        if !local.ip().is_loopback() {
            eprintln!(
                "{}",
                l.fill(
                    "WARNING: listening on {address}: every computer that can reach this one can open the page and run simulations. Without --host, expansim serve listens on 127.0.0.1 (this computer only).",
                    &[("address", &address)]
                )
            );
        }
        outln!(
            "{}",
            l.fill(
                "expansim serve: {name} on http://{address}/ (runs at once: {n}; Ctrl-C to stop)",
                &[
                    ("name", &app.lab.loaded.model.settings.name),
                    ("address", &address),
                    ("n", &max_runs.to_string()),
                ]
            )
        );
        let router = Router::new()
            .route("/", get(index))
            .route("/app.js", get(|| async { ([(header::CONTENT_TYPE, "text/javascript; charset=utf-8")], web::APP_JS) }))
            .route("/app.css", get(|| async { ([(header::CONTENT_TYPE, "text/css; charset=utf-8")], web::APP_CSS) }))
            .route("/api/controls", get(controls))
            .route("/api/run", post(run))
            .route("/api/replay", post(replay))
            .route("/api/sensitivity", post(sensitivity))
            .fallback(not_found)
            .method_not_allowed_fallback(wrong_method)
            .layer(DefaultBodyLimit::max(MAX_BODY))
            .layer(axum::middleware::from_fn_with_state(Arc::clone(&app), too_large))
            .with_state(app);
        axum::serve(listener, router)
            .with_graceful_shutdown(stopped)
            .await
            .map_err(|why| anyhow::anyhow!("the web server stopped with an error: {why}"))?;
        outln!("{}", l.t("expansim serve: stopped"));
        anyhow::Ok(())
    })
}

/// An IPv6 address in brackets, as a socket address writes it.
fn bracket(host: &str) -> String {
    if host.contains(':') && !host.starts_with('[') {
        format!("[{host}]")
    } else {
        host.to_string()
    }
}

/// Listens for Ctrl-C and SIGTERM from now on, and resolves on either. The handlers are in
/// place when this returns, not when the future is first polled: a signal that comes while
/// the server starts is not lost (where it would otherwise be ignored, as in a background
/// job, the server would never stop).
#[cfg(unix)]
fn stopped() -> std::io::Result<impl std::future::Future<Output = ()>> {
    use tokio::signal::unix::{SignalKind, signal};
    let mut interrupt = signal(SignalKind::interrupt())?;
    let mut terminate = signal(SignalKind::terminate())?;
    Ok(async move {
        tokio::select! {
            _ = interrupt.recv() => {},
            _ = terminate.recv() => {},
        }
    })
}

/// Resolves on Ctrl-C.
#[cfg(not(unix))]
fn stopped() -> std::io::Result<impl std::future::Future<Output = ()>> {
    Ok(async {
        let _ = tokio::signal::ctrl_c().await;
    })
}

/// The pairs of an address's query (`?lang=zh&variant=digital`), in their order.
type Pairs = Query<Vec<(String, String)>>;

/// The language of the page, and of what an address answers before it has read the
/// request's own `lang`: the first `?lang=` that names one (`zh`, `en`, `zh-CN`), else the
/// server's `--lang` or locale, else the browser's `Accept-Language`, else English.
fn asked_lang(app: &App, pairs: &[(String, String)], headers: &HeaderMap) -> Lang {
    let browser = || {
        headers
            .get(header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok())
            .and_then(Lang::from_accept_language)
    };
    pairs
        .iter()
        .filter(|(k, _)| k == "lang")
        .find_map(|(_, v)| Lang::from_tag(v))
        .or_else(|| if app.lang_chosen { None } else { browser() })
        .unwrap_or(app.lang)
}

async fn index(State(app): State<Arc<App>>, Query(q): Pairs, headers: HeaderMap) -> Html<String> {
    Html(web::page(&app.lab, asked_lang(&app, &q, &headers)))
}

/// `/api/controls?variant=V`: the controls with the values variant `V` runs (default: the
/// process as written).
async fn controls(State(app): State<Arc<App>>, Query(q): Pairs, headers: HeaderMap) -> Response {
    let lang = asked_lang(&app, &q, &headers);
    let variant = q
        .iter()
        .find_map(|(k, v)| (k == "variant").then_some(v.as_str()))
        .unwrap_or_default();
    match app.lab.controls_of(variant) {
        Some(c) => axum::Json(c).into_response(),
        None => {
            let said = format!(r#"variant "{variant}" is not in the scenario"#);
            refuse(StatusCode::BAD_REQUEST, &lang.translate(&said))
        }
    }
}

/// Any other address: 404, saying where the page is.
async fn not_found(State(app): State<Arc<App>>, uri: Uri, headers: HeaderMap) -> Response {
    let q = Pairs::try_from_uri(&uri).map_or_else(|_| Vec::new(), |Query(q)| q);
    let said = asked_lang(&app, &q, &headers).fill(
        "nothing at {path}: the page is at /",
        &[("path", uri.path())],
    );
    refuse(StatusCode::NOT_FOUND, &said)
}

/// A known address asked with the wrong method: 405, naming the one it answers.
async fn wrong_method(
    State(app): State<Arc<App>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    let q = Pairs::try_from_uri(&uri).map_or_else(|_| Vec::new(), |Query(q)| q);
    let answers = if uri.path().starts_with("/api/") && uri.path() != "/api/controls" {
        "POST"
    } else {
        "GET"
    };
    let said = asked_lang(&app, &q, &headers).fill(
        "{method} {path}: this address answers {answers} only",
        &[
            ("method", method.as_str()),
            ("path", uri.path()),
            ("answers", answers),
        ],
    );
    refuse(StatusCode::METHOD_NOT_ALLOWED, &said)
}

/// Refuses a body declared larger than [`MAX_BODY`] at once (413), before any of it is
/// read; one that turns out larger while read is refused by the body limit, and
/// [`unread`] says so in the same words.
async fn too_large(
    State(app): State<Arc<App>>,
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    let declared = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok()?.trim().parse::<u64>().ok());
    if declared.is_some_and(|n| n > MAX_BODY as u64) {
        let q = Pairs::try_from_uri(request.uri()).map_or_else(|_| Vec::new(), |Query(q)| q);
        let lang = asked_lang(&app, &q, request.headers());
        return refuse(StatusCode::PAYLOAD_TOO_LARGE, &body_too_large(lang));
    }
    next.run(request).await
}

fn body_too_large(lang: Lang) -> String {
    lang.fill(
        "the request is larger than {n} KB; a page's settings take a few KB",
        &[("n", &(MAX_BODY / 1024).to_string())],
    )
}

/// The refusal of a body that could not be read (too large, cut off), in `lang`.
fn unread(lang: Lang, why: BytesRejection) -> Response {
    let status = why.status();
    if status == StatusCode::PAYLOAD_TOO_LARGE {
        refuse(status, &body_too_large(lang))
    } else {
        let said = lang.fill(
            "the request could not be read: {why}",
            &[("why", &why.body_text())],
        );
        refuse(status, &said)
    }
}

/// A refusal: status 400 (or 503) with `{"error": "..."}`.
fn refuse(status: StatusCode, message: &str) -> Response {
    (status, axum::Json(serde_json::json!({ "error": message }))).into_response()
}

/// Parses the body, waits for a free simulation slot, and runs `work` on a blocking thread;
/// refusals before the body's own `lang` is read are in the language of `?lang=`.
async fn simulate<T: serde::Serialize + Send + 'static>(
    app: Arc<App>,
    (query, headers): (Vec<(String, String)>, HeaderMap),
    body: Result<Bytes, BytesRejection>,
    work: fn(&App, &Request, &dyn Progress) -> Result<T, Refused>,
) -> Response {
    let asked = asked_lang(&app, &query, &headers);
    let body = match body {
        Ok(body) => body,
        Err(why) => return unread(asked, why),
    };
    let req: Request = match app.lab.request(&body, asked) {
        Ok(r) => r,
        Err(why) => return refuse(StatusCode::BAD_REQUEST, &why),
    };
    let lang = req.lang.unwrap_or(asked);
    // Refuse bad settings before queueing.
    if let Err(e) = app.lab.sets(&req) {
        return refuse(StatusCode::BAD_REQUEST, &e.in_lang(lang));
    }
    // Counted while it waits, even when its client goes away meanwhile.
    let queued = Queued::new(&app);
    if queued.ahead >= MAX_WAITING {
        return refuse(
            StatusCode::SERVICE_UNAVAILABLE,
            lang.t("the server is busy with other runs; press Run again in a minute"),
        );
    }
    let permit = Arc::clone(&app.runs).acquire_owned().await;
    drop(queued);
    let Ok(permit) = permit else {
        return refuse(
            StatusCode::SERVICE_UNAVAILABLE,
            lang.t("the server is stopping"),
        );
    };
    // The slot is held until the work ends, even when its client has gone (the work then
    // stops at its next replication).
    let gone = Gone(Arc::new(AtomicBool::new(false)));
    let watch = Watch {
        gone: Arc::clone(&gone.0),
        app: Arc::clone(&app),
    };
    let shared = Arc::clone(&app);
    let done = tokio::task::spawn_blocking(move || {
        let _permit = permit;
        work(&shared, &req, &watch)
    })
    .await;
    drop(gone);
    match done {
        Ok(Ok(answer)) => axum::Json(answer).into_response(),
        // Stopped by Ctrl-C: not the request's fault.
        Ok(Err(e)) if app.stopping.load(Ordering::SeqCst) => {
            refuse(StatusCode::SERVICE_UNAVAILABLE, &e.in_lang(lang))
        }
        Ok(Err(e)) => refuse(StatusCode::BAD_REQUEST, &e.in_lang(lang)),
        Err(why) => refuse(
            StatusCode::INTERNAL_SERVER_ERROR,
            &lang.translate(&format!("the simulation failed: {why}")),
        ),
    }
}

async fn run(
    State(app): State<Arc<App>>,
    Query(q): Pairs,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    simulate(app, (q, headers), body, |app, req, watch| {
        app.lab.run(req, app.jobs, app.lang, watch)
    })
    .await
}

async fn replay(
    State(app): State<Arc<App>>,
    Query(q): Pairs,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    simulate(app, (q, headers), body, |app, req, _| app.lab.replay(req)).await
}

async fn sensitivity(
    State(app): State<Arc<App>>,
    Query(q): Pairs,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    simulate(app, (q, headers), body, |app, req, watch| {
        app.lab.sensitivity(req, app.jobs, app.lang, watch)
    })
    .await
}
