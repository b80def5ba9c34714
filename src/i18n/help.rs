//! The catalogue's part for the command line's help: each command's about and each
//! option's help as clap derives them from the doc comments of `src/cli.rs` (one line per
//! paragraph's lines joined), in Chinese. A test in `cli.rs` checks that every text the
//! command line has is here, and nothing else.

/// English help text and its Chinese translation.
pub(super) static HELP: &[(&str, &str)] = &[
    (
        r#"Discrete-event simulator for redesigning a power utility's new-connection process"#,
        "用于供电企业业扩报装流程再造的离散事件仿真器",
    ),
    (
        r#"Simulate a scenario and write run.json, summary.csv and replications.csv"#,
        "仿真一个情景，并写出 run.json、summary.csv 和 replications.csv",
    ),
    (
        r#"The scenario file (TOML); without it, the built-in county scenario"#,
        "情景文件（TOML）；不给出时使用内置的县级供电公司情景",
    ),
    (
        r#"Run this variant of the scenario instead of the current process"#,
        "运行情景中的此方案，而非现行流程",
    ),
    (
        r#"Number of replications (overrides scenario.replications; at most 100000, more belong in shards)"#,
        "重复次数（覆盖 scenario.replications；至多 100000，更多请分片运行）",
    ),
    (
        r#"Master seed (overrides scenario.seed)"#,
        "主随机种子（覆盖 scenario.seed）",
    ),
    (
        r#"Worker threads for replications (default: all cores); results do not depend on it"#,
        "运行重复的工作线程数（默认：全部核心）；结果与之无关",
    ),
    (
        r#"Output folder (default: results/STEM/, where STEM is the scenario file name without .toml; results/STEM-sweep/, results/STEM-optimize/ and results/STEM-sensitivity/ for those commands)"#,
        "输出文件夹（默认：results/STEM/，STEM 为去掉 .toml 的情景文件名；sweep、optimize 和 sensitivity 命令分别为 results/STEM-sweep/、results/STEM-optimize/ 和 results/STEM-sensitivity/）",
    ),
    (
        r#"Overwrite the files expansim writes in a non-empty output folder"#,
        "覆盖非空输出文件夹中由 expansim 写出的文件",
    ),
    (r#"No progress bar"#, "不显示进度条"),
    (
        r#"Format of the results on stdout"#,
        "输出到 stdout 的结果格式",
    ),
    (
        r#"Change a scenario value by its path, e.g. --set pools.review=4 (repeatable). Applied to the file, then again to a variant after its own operators: the command line wins"#,
        "按路径修改情景中的值，例如 --set pools.review=4（可多次给出）。先作用于情景文件，再在方案自身的改动操作之后对方案再作用一次：以命令行为准",
    ),
    (
        r#"Run only shard K of N (K = 0..N-1): a deterministic slice of the replications (of the points, for sweep); `expansim merge` combines the shard folders"#,
        "只运行 N 个分片中的第 K 个（K = 0..N-1）：按确定规则划分出的一部分重复（sweep 则为一部分扫描点）；用 `expansim merge` 合并各分片文件夹",
    ),
    (
        r#"Start CSV files with a UTF-8 byte-order mark, so that spreadsheet programs on Windows open Chinese labels correctly"#,
        "在 CSV 文件开头写入 UTF-8 字节顺序标记（BOM），使 Windows 上的电子表格软件能正确显示中文标签",
    ),
    (
        r#"Continue the interrupted run in this folder (its run.json says "complete": false): the command recorded there runs again, keeping the finished replications (of a sweep, the finished points); the result is that of an uninterrupted run. Give it alone (--jobs, --quiet and --lang may change) or with the same command. A run interrupted beside a complete result (DIR.interrupted) completes in that result's place"#,
        r#"继续此文件夹中被中断的运行（其 run.json 记为 "complete": false）：重新运行其中记录的命令，保留已完成的重复（参数扫描则保留已完成的扫描点）；结果与未中断的运行相同。可单独给出此选项（--jobs、--quiet 和 --lang 可以改变），也可与原命令一起给出。在完整结果旁被中断的运行（DIR.interrupted）完成后取代该结果"#,
    ),
    (
        r#"Run even a very large run or sweep (more than 10 billion simulated cases, which is refused without it)"#,
        "即使运行或扫描规模很大（仿真工单超过 100 亿件，不加此选项会被拒绝）也照常运行",
    ),
    (
        r#"Language of the tables and the report (default: from LANG, e.g. zh_CN.UTF-8 gives Chinese)"#,
        "表格和报告的语言（默认：由 LANG 决定，例如 zh_CN.UTF-8 为中文）",
    ),
    (
        r#"Also write report.html: the pictures (time per state, distributions, limits, comparison, utilisation, queues) in one self-contained page"#,
        "另外写出 report.html：将各图表（各状态用时、分布、法定时限、方案对比、利用率、排队）放在一个自包含的页面中",
    ),
    (
        r#"Also write event_log.csv and event_log.xes for process-mining tools"#,
        "另外写出供流程挖掘工具使用的 event_log.csv 和 event_log.xes",
    ),
    (
        r#"Also write cases.csv: one row per case with its times per stage"#,
        "另外写出 cases.csv：每个工单一行，含其在各环节的时间",
    ),
    (
        r#"Replications whose cases go to the event log and cases.csv, e.g. 0,3 or 0..5"#,
        "要将其工单写入事件日志和 cases.csv 的重复，例如 0,3 或 0..5",
    ),
    (
        r#"How many cases per variant and replication go to the event log and cases.csv (the first to arrive after the warm-up), or "all""#,
        r#"每个方案、每次重复写入事件日志和 cases.csv 的工单数（取预热期后最先到达的工单），或 "all""#,
    ),
    (
        r#"Add replications in batches until the 95% half-width of mean lead time is within this share of the mean for every class (e.g. 0.02), or --max-replications is reached"#,
        "分批增加重复，直到每个类别平均办电时长的 95% 置信区间半宽都不超过均值的此比例（例如 0.02），或达到 --max-replications",
    ),
    (
        r#"Upper limit on replications with --precision (at most 100000, the limit of `replications`)"#,
        "使用 --precision 时重复次数的上限（至多 100000，即 `replications` 的上限）",
    ),
    (
        r#"Compare the current process with its variants (paired replications, common random numbers); writes comparison.csv beside summary.csv and replications.csv"#,
        "将现行流程与其各方案对比（配对重复，公共随机数）；除 summary.csv 和 replications.csv 外另写出 comparison.csv",
    ),
    (
        r#"Variants to compare with the current process (default: all), e.g. merged,digital"#,
        "与现行流程对比的方案（默认：全部），例如 merged,digital",
    ),
    (
        r#"Run a full factorial of scenario values (staffing, times, probabilities) under common random numbers; with --target, find the cheapest point that meets every target"#,
        "以公共随机数对情景取值（人员配置、时长、概率）做全因子扫描；给出 --target 时，找出满足全部目标的成本最低的扫描点",
    ),
    (
        r#"A path and its values: a list (pools.reviewer=2,3,4) or a range (1..5 without 5, 1..=4 with it). Repeat for a full factorial"#,
        "一个路径及其取值：列表（pools.reviewer=2,3,4）或范围（1..5 不含 5，1..=4 含 4）。多次给出即为全因子组合",
    ),
    (
        r#"Sweep this variant instead of the current process"#,
        "扫描此方案，而非现行流程",
    ),
    (
        r#"A target met at the 95% confidence bound, e.g. hv_single:limit_met_share>=0.95, or on a stage or pool: all:utilization:inspector<=0.85 (repeatable)"#,
        "须在 95% 置信界上满足的目标，例如 hv_single:limit_met_share>=0.95，或针对环节或岗位：all:utilization:inspector<=0.85（可多次给出）",
    ),
    (
        r#"Combine the folders of shards (--shard K/N) into the results of one run"#,
        "将各分片（--shard K/N）的文件夹合并为一次运行的结果",
    ),
    (r#"Shard folders, in any order"#, "分片文件夹，顺序不限"),
    (
        r#"Output folder for the combined results"#,
        "合并结果的输出文件夹",
    ),
    (
        r#"No progress bar (merge shows one only while it runs points of a merged sweep again to pair them)"#,
        "不显示进度条（merge 仅在为配对比较而重跑合并后扫描的配置时显示进度条）",
    ),
    (
        r#"Language of what is printed (default: from LANG)"#,
        "输出内容的语言（默认：由 LANG 决定）",
    ),
    (
        r#"Print the full resolved scenario (of a variant, with --variant) as TOML that `run` accepts"#,
        "以 `run` 可接受的 TOML 输出完整展开后的情景（加 --variant 则为该方案的情景）",
    ),
    (
        r#"The variant to print (default: the current process)"#,
        "要输出的方案（默认：现行流程）",
    ),
    (
        r#"Change a scenario value by its path (repeatable); with --variant, applied after the variant's operators, so what is printed is what runs"#,
        "按路径修改情景中的值（可多次给出）；与 --variant 同用时在方案自身的改动操作之后应用，因此输出的就是实际运行的",
    ),
    (
        r#"toml: the resolved scenario; dot or mermaid: the process graph (stages, routes with their probabilities, rework loops, forks); svg: that graph laid out and drawn"#,
        "toml：展开后的情景；dot 或 mermaid：流程图（环节、带概率的去向、返工循环、并行分支）；svg：排布并绘制好的该流程图",
    ),
    (
        r#"Language of the process graph's words (default: from LANG)"#,
        "流程图中文字的语言（默认：由 LANG 决定）",
    ),
    (
        r#"Write report.html into an existing results folder (re-running its replications from run.json, which must come from this version of expansim)"#,
        "将 report.html 写入已有的结果文件夹（依据 run.json 重新运行其中的重复，run.json 须由当前版本的 expansim 写出）",
    ),
    (
        r#"A folder written by `run` or `compare`"#,
        "由 `run` 或 `compare` 写出的文件夹",
    ),
    (
        r#"Replace an existing report.html"#,
        "替换已有的 report.html",
    ),
    (
        r#"Worker threads (default: all cores)"#,
        "工作线程数（默认：全部核心）",
    ),
    (
        r#"Language of the report (default: from LANG)"#,
        "报告的语言（默认：由 LANG 决定）",
    ),
    (
        r#"Fit a scenario to event logs (CSV, one row per activity instance, or XES): classes, arrivals, stages, routing and rework, pools, office hours and time distributions, each with a comment saying what it rests on"#,
        "根据事件日志（CSV，每行一条作业记录；或 XES）拟合情景：类别、到达、环节、去向与返工、岗位、工作时间和时长分布，每项都附注释说明其依据",
    ),
    (
        r#"Event logs (CSV with commas, tabs, semicolons or vertical bars, or XES; either may be gzipped): together one log"#,
        "事件日志（以逗号、制表符、分号或竖线分隔的 CSV，或 XES；均可为 gzip 压缩）：合起来视为一份日志",
    ),
    (r#"The scenario file to write"#, "要写出的情景文件"),
    (
        r#"Replace an existing scenario file (and report)"#,
        "替换已有的情景文件（及报告）",
    ),
    (
        r#"Column of the case identifier (default: case:concept:name, case_id, ...)"#,
        "工单编号所在的列（默认：case:concept:name、case_id 等）",
    ),
    (
        r#"Column of the activity (default: concept:name, activity, ...)"#,
        "作业所在的列（默认：concept:name、activity 等）",
    ),
    (
        r#"Column of the start time (default: start_timestamp, start_time, ...)"#,
        "开始时间所在的列（默认：start_timestamp、start_time 等）",
    ),
    (
        r#"Column of the end time (default: time:timestamp, end_time, ...)"#,
        "结束时间所在的列（默认：time:timestamp、end_time 等）",
    ),
    (
        r#"Column of the time an activity became ready (optional; default enabled_time, enable_time)"#,
        "作业就绪时间所在的列（可选；默认 enabled_time、enable_time）",
    ),
    (
        r#"Column of the resource (optional; default org:resource, resource)"#,
        "资源（办理人员）所在的列（可选；默认 org:resource、resource）",
    ),
    (
        r#"Column (case attribute) of the customer class (optional; default case:class, class)"#,
        "客户类别所在的列（工单属性；可选，默认 case:class、class）",
    ),
    (
        r#"Zone of timestamps without an offset (e.g. +08:00, +0800, UTC+8, UTC, Asia/Shanghai)"#,
        "不带时区偏移的时间戳所用的时区（例如 +08:00、+0800、UTC+8、UTC、Asia/Shanghai）",
    ),
    (
        r#"The office's clock, in which its hours and working days are found and the fitted scenario keeps time (every timestamp is converted to it)"#,
        "本单位的时钟：在此时区下识别办公时间和工作日，拟合出的情景也按它计时（所有时间戳都换算到该时区）",
    ),
    (
        r#"Character encoding of CSV logs (auto: UTF-8, UTF-16 by its byte-order mark, else GB18030 when not UTF-8)"#,
        "CSV 日志的字符编码（auto：UTF-8，有字节顺序标记时按 UTF-16，不是 UTF-8 时按 GB18030）",
    ),
    (
        r#"Simulate the fitted scenario over the log's period and print it beside the log"#,
        "在日志覆盖的时段内仿真拟合出的情景，并将结果与日志对照输出",
    ),
    (
        r#"With --check, also write this HTML page: fitted densities over each activity's histogram, observed and simulated lead-time distributions"#,
        "与 --check 同用时，另外写出此 HTML 页面：各作业的直方图叠加拟合的密度曲线，以及观测与仿真的办电时长分布",
    ),
    (
        r#"Replications simulated by --check"#,
        "--check 仿真的重复次数",
    ),
    (
        r#"Find the cheapest staffing whose 95% bounds meet every target, without a full grid: load bounds, greedy allocation, local moves and a confirmation over cheaper points"#,
        "无需完整网格，找出 95% 置信界满足全部目标的成本最低的人员配置：负荷下界、贪心分配、局部调整，再对更省的配置加以确认",
    ),
    (
        r#"A target met at the 95% confidence bound (repeatable), as in sweep, e.g. hv_single:limit_met_share>=0.95"#,
        "须在 95% 置信界上满足的目标（可多次给出），写法同 sweep，例如 hv_single:limit_met_share>=0.95",
    ),
    (
        r#"A pool and its sizes, as in sweep: pools.reviewer=1..=6 (repeatable); default: every pool with a cost (every pool when none has one), from its load bound up"#,
        "岗位及其人数范围，写法同 sweep：pools.reviewer=1..=6（可多次给出）；默认：所有设置了成本的岗位（都没有成本时为所有岗位），从其负荷下界起",
    ),
    (
        r#"Size this variant instead of the current process"#,
        "为此方案确定人员配置，而非现行流程",
    ),
    (
        r#"Most replications over the whole search"#,
        "整个搜索最多使用的重复次数",
    ),
    (
        r#"Replications a point runs before it is judged again"#,
        "每个配置在再次判定之前运行的重复次数",
    ),
    (
        r#"Which inputs matter: every pool size ±1 and every rate, time and probability ±delta, one at a time against the scenario as it is (common random numbers), ranked"#,
        "哪些输入影响最大：每个岗位人数 ±1，每个到达率、时长和概率 ±delta，逐项与情景现状对比（公共随机数），并排序",
    ),
    (
        r#"Change this variant instead of the current process"#,
        "改变此方案的输入，而非现行流程的",
    ),
    (
        r#"Relative change of rates, times and probabilities"#,
        "到达率、时长和概率的相对变化幅度",
    ),
    (
        r#"Metric to rank by: lead_time or limit_met_share"#,
        "排序依据的指标：lead_time 或 limit_met_share",
    ),
    (
        r#"How many changes (rows) each table lists, and how many inputs each tornado shows (default: 15, and 5 in each class's table)"#,
        "每张表格列出的变化数（行数），以及每张龙卷风图显示的输入数（默认：15；各类别的表格为 5）",
    ),
    (
        r#"Serve the web app on this computer: controls from the scenario, Run against the baseline, the process map, an animated replay and the Gantt of a case"#,
        "在本机提供 Web 应用：根据情景生成的设置项、与基准对比的“运行”、流程图、动画回放和单个工单的甘特图",
    ),
    (
        r#"Port to listen on (0: any free port, printed at start)"#,
        "监听端口（0：任一空闲端口，启动时输出）",
    ),
    (
        r#"Address to listen on; anything but 127.0.0.1 lets other computers in"#,
        "监听地址；除 127.0.0.1 外的任何地址都允许其他计算机访问",
    ),
    (
        r#"Language of the page (default: from LANG); the page can switch"#,
        "页面的语言（默认：由 LANG 决定）；页面上可切换",
    ),
    (
        r#"Simulations at once; further runs wait their turn (default: the cores)"#,
        "同时进行的仿真数；其余运行排队等候（默认：核心数）",
    ),
    (
        r#"Check scenario files and report every problem; exit 2 if any is invalid"#,
        "检查情景文件并报告全部问题；若有任一文件无效，以退出码 2 退出",
    ),
    (r#"Scenario files to check"#, "要检查的情景文件"),
    (
        r#"Run the shipped queueing-theory scenarios and compare simulation with theory"#,
        "运行随附的排队论情景，将仿真结果与理论值对比",
    ),
    (
        r#"Print only the table, no progress"#,
        "只输出表格，不显示进度",
    ),
    (
        r#"Language of the table (default: from LANG)"#,
        "表格的语言（默认：由 LANG 决定）",
    ),
    // The values of options with a fixed set of them.
    (r#"Aligned tables for people"#, "对齐的表格，供人阅读"),
    (
        r#"One JSON document for programs"#,
        "一个 JSON 文档，供程序读取",
    ),
    (r#"English"#, "英文"),
    (r#"Simplified Chinese"#, "简体中文"),
    (
        r#"The resolved scenario, as TOML that `run` accepts"#,
        "展开后的情景，`run` 可接受的 TOML",
    ),
    (
        r#"The process graph for Graphviz (`dot -Tsvg`)"#,
        "供 Graphviz 使用的流程图（`dot -Tsvg`）",
    ),
    (
        r#"The process graph as a Mermaid flowchart, for Markdown"#,
        "Mermaid 流程图，可用于 Markdown",
    ),
    (
        r#"The process map, laid out and drawn as SVG"#,
        "排布并绘制好的流程图，SVG 格式",
    ),
    (
        r#"UTF-8, unless the file's first 64 KiB are not UTF-8: then GB18030"#,
        "UTF-8；若文件前 64 KiB 不是 UTF-8，则按 GB18030 读取",
    ),
    (
        r#"UTF-8 (with or without a byte-order mark)"#,
        "UTF-8（有无字节顺序标记均可）",
    ),
    (
        r#"GB18030, which contains GBK and GB2312: what Excel on Chinese Windows and many Chinese business systems export"#,
        "GB18030（包含 GBK 和 GB2312）：中文 Windows 上的 Excel 和许多国内业务系统导出的编码",
    ),
];
