//! The catalogue's part for what is wrong with what a user gave: a scenario file, a `--set`,
//! the options of a command, an event log, an output folder. The problems the scenario
//! reader lists and the errors of the commands, by their English text with `{name}` places
//! as the library writes them, in Chinese.
//! [`Lang::translate`](super::Lang::translate) reads the English back and fills these.

/// English text and its Chinese translation.
pub(super) static PROBLEMS: &[(&str, &str)] = &[
    // The errors that frame them (src/error.rs).
    (
        r#"scenario '{file}' has {n} problems:"#,
        "情景文件 '{file}' 有 {n} 处问题：",
    ),
    (r#"at {point}"#, "在 {point} 处"),
    (
        r#"{date} is a working day of this calendar already (its weekday is open): a make-up day (调休) is a closed weekday worked instead of a holiday; check the date"#,
        "{date} 在本日历中已是工作日（该星期几本就上班）：调休上班日应是为补节假日而上班的休息日；请检查日期",
    ),
    (
        r#"the problem above at {n} more points"#,
        "上述问题另见于 {n} 个点",
    ),
    (
        r#"'{file}' has changed since this run began; it continues with the scenario recorded in '{manifest}', as it began (to run the changed one, run the command again into a new folder, without --resume)"#,
        "'{file}' 在这次运行开始后已被修改；续跑仍使用 '{manifest}' 中记录的情景，与开始时一致（要运行修改后的情景，请不加 --resume，将命令重新运行到新的文件夹）",
    ),
    (
        r#"the rate times the profiles' largest multiplier ({peak}) is {busiest} arrivals per {unit}, more than {max}; lower the rate or the multipliers"#,
        "到达率乘以系数中的最大值（{peak}）为每{unit} {busiest} 个到达，超过 {max}；请降低到达率或系数",
    ),
    (
        r#"the command line has {n} problems:"#,
        "命令行有 {n} 处问题：",
    ),
    (
        r#"could not read scenario '{file}': {why}"#,
        "无法读取情景文件 '{file}'：{why}",
    ),
    (
        r#"scenario '{file}' is not valid TOML: {message}"#,
        "情景文件 '{file}' 不是有效的 TOML：{message}",
    ),
    (r#"--set {setting}: {why}"#, "--set {setting}：{why}"),
    (
        r#"could not read '{file}': {message}"#,
        "无法读取 '{file}'：{message}",
    ),
    (
        r#"could not write '{file}': {error}"#,
        "无法写入 '{file}'：{error}",
    ),
    (
        r#"could not write '{file}': {error}; {why}"#,
        "无法写入 '{file}'：{error}；{why}",
    ),
    (
        r#"choose a folder you may write to with --out"#,
        "请用 --out 选择一个有写入权限的文件夹",
    ),
    (
        r#"free some space on that disk, or choose a folder on another with --out"#,
        "请在该磁盘上腾出空间，或用 --out 选择其他磁盘上的文件夹",
    ),
    (
        r#"output folder '{dir}' is not empty; choose another with --out, or pass --force to replace the earlier results in it"#,
        "输出文件夹 '{dir}' 不是空的；请用 --out 另选一个，或加 --force 替换其中先前的结果",
    ),
    (
        r#"output folder '{dir}' holds an interrupted run (run.json says "complete": false): continue it with expansim {command} --resume {dir}, or pass --force to start again without its finished replications"#,
        r#"输出文件夹 '{dir}' 中是一次中断的运行（run.json 记为 "complete": false）：请用 expansim {command} --resume {dir} 继续，或加 --force 重新开始（其中已完成的重复将不再保留）"#,
    ),
    (
        r#"'{file}' exists already; pass --force to replace it"#,
        "'{file}' 已存在；如要替换，请加 --force",
    ),
    (
        r#"'{path}' cannot be made: '{file}' is a file, not a folder; choose a folder with --out"#,
        "无法创建 '{path}'：'{file}' 是文件而不是文件夹；请用 --out 选择文件夹",
    ),
    (
        r#"'{path}' cannot be a results folder: it is a file or not a named folder; choose a folder with --out"#,
        "'{path}' 不能作为结果文件夹：它是文件，或没有指明具体的文件夹（如 .）；请用 --out 选择文件夹",
    ),
    (
        r#"output folder '{dir}' holds files expansim did not write ({names}); --force replaces only an earlier results folder: choose another with --out, or move them"#,
        "输出文件夹 '{dir}' 中有不是 expansim 写入的文件（{names}）；--force 只替换先前的结果文件夹：请用 --out 另选一个，或移走这些文件",
    ),
    (
        r#"output folder '{dir}' changed while this run was going (it now holds {names}), so it was left as it is; this run's results are in '{kept}'"#,
        "输出文件夹 '{dir}' 在本次运行期间被改动（现有 {names}），因此保持原样；本次运行的结果在 '{kept}'",
    ),
    (
        "current is always compared: name at least one variant beside it, one of: {others}",
        "现行流程总会参与比较：请另外至少指定一个方案，可选：{others}",
    ),
    (
        r#"a rate per working day or per open hour ("12/wd", "3/h") counts the time of a calendar: set `arrival_calendar` to the one its arrivals keep, or give arrivals per {unit} as a number, got {got}"#,
        r#"按工作日或营业小时计的到达率（"12/wd"、"3/h"）要按某个日历计时：请将 `arrival_calendar` 设为到达所依的日历，或以数字给出每{unit}的到达数，实际为 {got}"#,
    ),
    // The web app's refusals (src/web/lab.rs, src/commands/serve.rs).
    (
        r#""{path}" is not a setting of this page with variant "{variant}", which has no such stage"#,
        r#""{path}" 不是方案 "{variant}" 下本页的设置：该方案没有这个环节"#,
    ),
    (
        r#""{path}" is not a setting of this page; the settings are the pools, arrival rates, hand-off delays and rework probabilities listed"#,
        r#""{path}" 不是本页的设置；可设置的是页面列出的岗位、到达率、流转时间和返工概率"#,
    ),
    (
        r#"{label} ({path}) = {v} is outside {min} to {max}"#,
        "{label}（{path}）= {v}，超出 {min} 至 {max} 的范围",
    ),
    (
        r#"{label} ({path}) = {v}: staff come in whole people"#,
        "{label}（{path}）= {v}：人数须为整数",
    ),
    (
        r#"replications = {r} is outside 1 to {max}"#,
        "重复次数 = {r}，超出 1 至 {max} 的范围",
    ),
    (
        r#"variant "{variant}" is not in the scenario, which has none; start from the current process"#,
        r#"情景中没有方案，也就没有方案 "{variant}"；请从现行流程开始"#,
    ),
    (
        r#"variant "{variant}" is not in the scenario (it has: {names})"#,
        r#"情景中没有方案 "{variant}"（现有：{names}）"#,
    ),
    (
        r#"weeks = {w} is outside 1 to {max}"#,
        "周数 = {w}，超出 1 至 {max} 的范围",
    ),
    (
        r#"this run would simulate about {work} cases, more than the {max} a run of this page may; use fewer replications or lower arrival rates"#,
        "这次运行约需仿真 {work} 个工单，超过本页单次运行上限 {max}；请减少重复次数或降低到达率",
    ),
    (
        r#"finding which inputs matter would simulate about {work} cases ({runs} runs of {reps} replications), more than the {max} a run of this page may; use fewer replications"#,
        "找出哪些输入影响最大约需仿真 {work} 个工单（{runs} 次运行，每次 {reps} 次重复），超过本页单次运行上限 {max}；请减少重复次数",
    ),
    (
        r#"{label}: the scenario has no {route}"#,
        "{label}：情景中没有 {route}",
    ),
    (
        r#"{label}: the other branches have no probability to take from"#,
        "{label}：其他分支的概率均为 0，无从调配",
    ),
    (
        "the server is busy with other runs; press Run again in a minute",
        "服务器正忙于其他运行任务；请过一分钟再按“运行”",
    ),
    ("the server is stopping", "服务器正在关闭"),
    (
        r#"offered load {load}: no number of staff carries it, as the pool's hours leave no time for its work in the run; check the pool's calendar"#,
        "负荷折合 {load}：岗位的工作时间在仿真期内容不下这些工作，多少人都承担不了；请检查该岗位的日历",
    ),
    (
        "nothing at {path}: the page is at /",
        "{path} 处没有内容：页面在 /",
    ),
    (
        "{method} {path}: this address answers {answers} only",
        "{method} {path}：此地址只接受 {answers} 请求",
    ),
    (
        "the request is larger than {n} KB; a page's settings take a few KB",
        "请求超过 {n} KB；页面的设置只有几 KB",
    ),
    (
        r#"the request could not be read: {why}"#,
        "无法读取请求：{why}",
    ),
    // The scenario reader: settings, calendars, pools, classes (src/scenario/parse.rs).
    (
        r#"TOML parse error at line {line_no}, column {column}"#,
        "TOML 解析错误：第 {line_no} 行，第 {column} 列",
    ),
    (
        "{value} (with the full-width {chars}, where {ascii} is meant)",
        "{value}（其中 {chars} 是全角字符，应为 {ascii}）",
    ),
    (
        "full-width signs outside quotes elsewhere in the file, each a fault too:",
        "文件中引号外另有以下全角符号，每处也都是错误：",
    ),
    (
        "line {line}, column {column}: `{wide}`, where `{ascii}` is meant",
        "第 {line} 行第 {column} 列：`{wide}`，应为 `{ascii}`",
    ),
    (
        "the `{wide}` here is full-width: TOML needs the ASCII `{ascii}` (type its signs and digits with the input method in half-width mode)",
        "此处的 `{wide}` 是全角字符：TOML 需要半角的 `{ascii}`（输入 TOML 的符号和数字时请把输入法切换到半角）",
    ),
    (
        r#"keys with Chinese (or other non-ASCII) characters must be quoted, e.g. [stages."受理"] and start = "受理"; or use an ASCII key with a label: [stages.accept] label = "受理""#,
        r#"含中文（或其他非 ASCII）字符的键必须加引号，例如 [stages."受理"] 和 start = "受理"；也可以改用 ASCII 键并加标签：[stages.accept] label = "受理""#,
    ),
    (r#"a table"#, "表"),
    (r#"an array"#, "数组"),
    (r#"an empty list"#, "空列表"),
    (r#"nothing"#, "无"),
    (r#" (did you mean "{c}"?)"#, r#"（是否应为 "{c}"？）"#),
    (
        " (the label of {keys}: name one by its key)",
        "（这是 {keys} 共用的标签：请用键名指定其中之一）",
    ),
    (
        r#" (did you mean "{c}" or "{d}"?)"#,
        r#"（是否应为 "{c}" 或 "{d}"？）"#,
    ),
    (
        "given twice (perhaps once by label, once by key): give each target once",
        "重复给出（可能一次用标签、一次用键）：每个目标只写一次",
    ),
    (
        r#""{s}" has no unit: write a number and a unit, e.g. "30min", "4h", "3d" or "2wd""#,
        r#""{s}" 缺少单位：请写数字加单位，例如 "30min"、"4h"、"3d" 或 "2wd""#,
    ),
    (
        r#""{s}" is not a time: write a number and a unit, e.g. "30min", "4h", "3d" or "2wd""#,
        r#""{s}" 不是有效的时长：请写数字加单位，例如 "30min"、"4h"、"3d" 或 "2wd""#,
    ),
    (
        r#""{num}" in "{s}" is not a number: write a number and a unit, e.g. "30min", "4h", "3d" or "2wd""#,
        r#""{s}" 中的 "{num}" 不是数字：请写数字加单位，例如 "30min"、"4h"、"3d" 或 "2wd""#,
    ),
    (
        r#""{s}" is negative: times must be 0 or more"#,
        r#""{s}" 为负数：时长必须大于或等于 0"#,
    ),
    (
        r#"unknown unit "{other}" in "{s}"; use min, h, d or wd, or 分钟, 小时, 天 or 工作日 (e.g. "30min", "4h", "3d", "2wd")"#,
        r#""{s}" 中的单位 "{other}" 无法识别；请使用 min、h、d、wd 或 分钟、小时、天、工作日（例如 "30min"、"4h"、"3d"、"2wd"、"20分钟"）"#,
    ),
    (
        r#"unknown key `{key}`{hint}; valid keys here: {keys}"#,
        "未知的键 `{key}`{hint}；此处可用的键：{keys}",
    ),
    (r#"expected a table, got {got}"#, "应为表，实际为 {got}"),
    (r#"missing `{key}`"#, "缺少 `{key}`"),
    (
        r#"expected a string, got {got}"#,
        "应为字符串，实际为 {got}",
    ),
    (
        r#"must be at most {max} ({why}), got {i}"#,
        "不得大于 {max}（{why}），实际为 {i}",
    ),
    (
        r#"must be a whole number >= {min}, got {got}"#,
        "必须为 >= {min} 的整数，实际为 {got}",
    ),
    (
        r#""{s}" is in working days (wd), which need a calendar: set `calendar` in [scenario] and define it under [calendars], or write it in min, h or d"#,
        r#""{s}" 以工作日（wd）为单位，需要日历：请在 [scenario] 中设置 `calendar` 并在 [calendars] 下定义该日历，或改用 min、h 或 d 表示"#,
    ),
    (
        r#"expected a number (in {units}) or a string with a unit such as "4h", got {got}"#,
        r#"应为数字（单位为{units}）或带单位的字符串（如 "4h"），实际为 {got}"#,
    ),
    (r#"must be finite, got {got}"#, "必须为有限数，实际为 {got}"),
    (
        r#"missing the [scenario] table (name, time_unit, horizon, warmup, replications, seed)"#,
        "缺少 [scenario] 表（name、time_unit、horizon、warmup、replications、seed）",
    ),
    (
        r#"no calendar named "{name}"; defined under [calendars]: none"#,
        r#"没有名为 "{name}" 的日历；[calendars] 下未定义任何日历"#,
    ),
    (
        r#"no calendar named "{name}"{hint}; defined under [calendars]: {names}"#,
        r#"没有名为 "{name}" 的日历{hint}；[calendars] 下已定义：{names}"#,
    ),
    (
        r#"expected a list of dates such as ["2026-10-01"], got {got}"#,
        r#"应为日期列表，如 ["2026-10-01"]，实际为 {got}"#,
    ),
    (
        r#"expected a date as "YYYY-MM-DD", got {got}"#,
        r#"应为 "YYYY-MM-DD" 格式的日期，实际为 {got}"#,
    ),
    (
        r#"{got} is not a day of the calendar: write a date that exists, as "YYYY-MM-DD""#,
        r#"{got} 不是日历上存在的日期：请按 "YYYY-MM-DD" 写一个真实存在的日期"#,
    ),
    (
        r#"expected a date as "YYYY-MM-DD", got {got} (write "{date}")"#,
        r#"应为 "YYYY-MM-DD" 格式的日期，实际为 {got}（应写作 "{date}"）"#,
    ),
    (
        r#"expected the years whose holidays the calendar lists, such as 2026 or [2026, 2027], got {got}"#,
        "应为日历所列节假日覆盖的年份，如 2026 或 [2026, 2027]，实际为 {got}",
    ),
    (
        r#""{file}" is not valid TOML at line {line}, column {column}: {why}"#,
        r#""{file}" 不是有效的 TOML（第 {line} 行，第 {column} 列）：{why}"#,
    ),
    (
        r#"expected a weekday ({weekdays}), got {got}{hint}"#,
        "应为星期几（{weekdays}），实际为 {got}{hint}",
    ),
    (
        r#"expected a list of weekdays such as ["mon", "tue"], got {got}"#,
        r#"应为星期列表，如 ["mon", "tue"]，实际为 {got}"#,
    ),
    (
        r#"expected "HH:MM-HH:MM", got {got}"#,
        r#"应为 "HH:MM-HH:MM"，实际为 {got}"#,
    ),
    (
        r#"expected office hours such as ["08:30-12:00", "13:00-17:30"], got {got}"#,
        r#"应为营业时间，如 ["08:30-12:00", "13:00-17:30"]，实际为 {got}"#,
    ),
    (
        r#"unknown time unit "{u}"{hint}; use "minute", "hour" or "day" (分钟, 小时 or 天)"#,
        r#"未知的时间单位 "{u}"{hint}；请使用 "minute"、"hour" 或 "day"（分钟、小时或天）"#,
    ),
    (r#"must be >= 0, got {v}"#, "必须大于或等于 0，实际为 {v}"),
    (r#"must be > 0, got {v}"#, "必须大于 0，实际为 {v}"),
    (
        r#"must be at most {max} {units} (about 1,000 years), got {h}"#,
        "不得超过 {max} {units}（约 1,000 年），实际为 {h}",
    ),
    (
        r#"must be shorter than the horizon ({h}), got {w}"#,
        "必须短于仿真期（{h}），实际为 {w}",
    ),
    (
        r#"more belong in shards: --shard K/N, then expansim merge"#,
        "更多重复请分片运行：--shard K/N，再用 expansim merge 合并",
    ),
    (
        r#"must not be empty: give the name that heads the results, e.g. "county new connections""#,
        r#"不能为空：请给出结果标题中的名称，例如 "县公司业扩报装""#,
    ),
    (
        "missing `replications`: give how many independent runs to make, e.g. 20",
        "缺少 `replications`：请给出独立重复运行的次数，例如 20",
    ),
    (
        r#"must be a whole number >= 0, got {got}"#,
        "必须为 >= 0 的整数，实际为 {got}",
    ),
    (
        "missing `seed`: give a whole number >= 0, e.g. 1 (the same seed gives the same results)",
        "缺少 `seed`：请给出 >= 0 的整数，例如 1（种子相同，结果相同）",
    ),
    (
        r#"missing `time_unit`: give "minute", "hour" or "day", the unit of times written as bare numbers"#,
        r#"缺少 `time_unit`：请给出 "minute"、"hour" 或 "day"，即不带单位的时间数值所用的单位"#,
    ),
    (
        r#"missing `warmup`: give the time at the start left out of the statistics, e.g. 100 (in time units) or "10d", or 0"#,
        r#"缺少 `warmup`：请给出开头不计入统计的预热时间，例如 100（按时间单位）或 "10d"，也可为 0"#,
    ),
    (
        r#"missing `horizon`: give how long each replication runs, e.g. 10000 (in time units) or "400d""#,
        r#"缺少 `horizon`：请给出每次重复运行的时长，例如 10000（按时间单位）或 "400d""#,
    ),
    (
        r#"expected a calendar name, got {got}"#,
        "应为日历名称，实际为 {got}",
    ),
    (
        r#"each member of staff is simulated on their own"#,
        "每名人员都单独仿真",
    ),
    (
        r#"at most {max} members in all ({why}), got {size}"#,
        "人员总数不得超过 {max}（{why}），实际为 {size}",
    ),
    (
        r#"every group has count 0: a pool needs at least one member"#,
        "每个组的 count 均为 0：岗位至少需要一名人员",
    ),
    (
        r#"give either `size` (identical members) or `members` (groups), not both"#,
        "请给出 `size`（各人员相同）或 `members`（分组）之一，不能同时给出",
    ),
    (
        r#"missing `size` (or `members = {example}`)"#,
        "缺少 `size`（或 `members = {example}`）",
    ),
    (
        r#"expected "fastest" (the fastest free member, then the one free longest) or "longest_idle", got {got}"#,
        r#"应为 "fastest"（选速度最快的空闲人员，速度相同时选空闲最久的）或 "longest_idle"，实际为 {got}"#,
    ),
    (
        r#"must be a share of working time in [{min}, 1], got {got}"#,
        "必须为工作时间占比，取值范围 [{min}, 1]，实际为 {got}",
    ),
    (
        r#"must be a finite yearly cost of training and incentives >= 0, got {got}"#,
        "必须为 >= 0 的有限年度培训与激励成本，实际为 {got}",
    ),
    (
        r#"must be a finite cost per staff member per year >= 0, got {got}"#,
        "必须为 >= 0 的有限每名人员年成本，实际为 {got}",
    ),
    (
        r#"at most {max} staff in all pools together ({why}), got {total}"#,
        "所有岗位的人员合计不得超过 {max}（{why}），实际为 {total}",
    ),
    (
        r#"no pool named "{name}"{hint}; pools: {pools}"#,
        r#"没有名为 "{name}" 的岗位{hint}；现有岗位：{pools}"#,
    ),
    (
        r#""{name}" is these members' own pool; `also` names other pools they help"#,
        r#""{name}" 是这些人员自己的岗位；`also` 应列出他们协助的其他岗位"#,
    ),
    (
        r#"pool "{name}" keeps other hours or availability than "{home}"; a member who works for both needs the same `calendar` and `availability` in both"#,
        r#"岗位 "{name}" 的工作时间或可用率与 "{home}" 不同；人员若同时为两个岗位工作，两个岗位的 `calendar` 和 `availability` 必须相同"#,
    ),
    (
        r#"expected a list of member groups such as {example}, got {got}"#,
        "应为人员分组列表，如 {example}，实际为 {got}",
    ),
    (
        r#"missing `count`: how many members"#,
        "缺少 `count`：人员数量",
    ),
    (
        r#"must be a {why} from 0.01 to 100 (1 = the stage as written), got {got}"#,
        "必须在 0.01 到 100 之间（{why}；1 = 与环节设定相同），实际为 {got}",
    ),
    (
        r#"speed: work done per hour relative to the stage's duration"#,
        "速度：每小时完成的工作量，以环节时长为基准",
    ),
    (
        r#"multiplier on the rework probability of the stages worked on"#,
        "所办环节返工概率的乘数",
    ),
    (
        r#"two groups are labelled "{l}"; labels name a pool's groups in results and must differ"#,
        r#"有两个组的标签都是 "{l}"；标签在结果中用于区分岗位的各组，必须互不相同"#,
    ),
    (
        r#"expected the work-time multiplier per doubling of tasks done, in (0, 1] (0.9: each doubling takes 10 % off), got {got}"#,
        "应为已完成任务数每翻一番时作业时长的乘数，取值范围 (0, 1]（0.9：每翻一番减少 10 %），实际为 {got}",
    ),
    (
        r#"expected the tasks each member had done before the run, at least 1, got {got}"#,
        "应为每名人员在仿真开始前已完成的任务数，至少为 1，实际为 {got}",
    ),
    (
        r#"expected the other pools these members also work for, such as ["checker"], got {got}"#,
        r#"应为这些人员兼任的其他岗位，如 ["checker"]，实际为 {got}"#,
    ),
    (
        r#"{x} days away a year is every working day of the members' calendar ({year} a year): they would never work; give fewer days, or leave the group out"#,
        "每年缺勤 {x} 天已占满这些成员日历上的全部工作日（每年 {year} 天）：他们将永远不上班；请减少天数，或删去该成员组",
    ),
    (
        r#"expected working days away a year, such as "10d/year", from 0 to 200, got {got}"#,
        r#"应为每年缺勤的工作日数，如 "10d/year"，取值 0 到 200，实际为 {got}"#,
    ),
    (
        r#"missing [[classes]]: at least one customer class with `name`, `arrival_rate` and `start`"#,
        "缺少 [[classes]]：至少需要一个带有 `name`、`arrival_rate` 和 `start` 的客户类别",
    ),
    (
        r#"expected an array of tables ([[classes]]), got {got}"#,
        "应为表数组（[[classes]]），实际为 {got}",
    ),
    (r#"at least one class is needed"#, "至少需要一个类别"),
    (
        r#""{n}" cannot name a class (empty or reserved); choose another name"#,
        r#""{n}" 不能用作类别名（为空或为保留名）；请另选名称"#,
    ),
    (
        r#"class "{n}" is defined twice; class names must be unique"#,
        r#"类别 "{n}" 定义了两次；类别名必须唯一"#,
    ),
    (
        r#"a replayed trace gives the arrivals on its own: leave out `arrival_rate`, `arrival`, `arrival_calendar` and the profiles"#,
        "回放到达记录时，到达由记录本身给出：请去掉 `arrival_rate`、`arrival`、`arrival_calendar` 以及星期和月份系数",
    ),
    (
        r#"a statutory limit needs its unit: write "{x}wd" for working days (the statutory clock), or "{elapsed}" for elapsed time"#,
        r#"法定时限需要写明单位：按工作日（法定时限的计算方式）写作 "{x}wd"，或按日历时间写作 "{elapsed}""#,
    ),
    (
        r#"a statutory limit needs its unit: write "{elapsed}" for elapsed time, or set a scenario calendar and write "{x}wd" for working days"#,
        r#"法定时限需要写明单位：按日历时间写作 "{elapsed}"，或设置情景日历后按工作日写作 "{x}wd""#,
    ),
    (r#"must be positive, got {got}"#, "必须为正数，实际为 {got}"),
    (
        r#"must be a whole number (higher is served first), got {got}"#,
        "必须为整数（数值越大越优先办理），实际为 {got}",
    ),
    (
        r#"`arrival_calendar` and the profiles shape Poisson arrivals: give `arrival_rate` instead of an inter-arrival distribution"#,
        "`arrival_calendar` 以及星期和月份系数用于调整泊松到达：请改为给出 `arrival_rate`，而不是到达间隔分布",
    ),
    (
        r#"expected a calendar's name, got {got}"#,
        "应为日历名称，实际为 {got}",
    ),
    (r#"Monday to Sunday"#, "周一至周日"),
    (r#"January to December"#, "一月至十二月"),
    (
        r#"missing: give the Poisson rate the profiles and calendar shape (`arrival_rate`)"#,
        "缺失：请给出泊松到达率（`arrival_rate`），星期和月份系数以及日历在此基础上调整",
    ),
    (
        r#"arrivals that keep `arrival_calendar` come in its open hours, so a rate per calendar day does not say how many: give them per working day ("10/wd", "10/工作日") or per open hour ("3/h"), got {got}"#,
        r#"按 `arrival_calendar` 到达的工单只在其营业时间内到达，按自然日计的到达率说不清有多少：请按每工作日（"10/wd"、"10/工作日"）或每营业小时（"3/h"）给出，实际为 {got}"#,
    ),
    (
        r#"expected a positive number of arrivals per open hour (such as 3, or "3/h"), or per working day ("12/wd"), at most {max} per time unit, got {got}"#,
        r#"应为每个营业小时的到达数（正数，如 3 或 "3/h"）或每个工作日的到达数（"12/wd"），每个时间单位不超过 {max}，实际为 {got}"#,
    ),
    (
        r#"expected a positive number of arrivals per time unit ("/wd" and "/h" rates need `arrival_calendar`), at most {max} per time unit, got {got}"#,
        r#"应为每个时间单位的到达数，须为正数（"/wd" 和 "/h" 形式的到达率需要 `arrival_calendar`），每个时间单位不超过 {max}，实际为 {got}"#,
    ),
    (
        r#"the weekday and month profiles leave no day with arrivals; give some day a positive multiplier"#,
        "按星期和月份系数，没有任何一天会有到达；请至少为某一天设置大于 0 的系数",
    ),
    (r#"{count} values: [{items}]"#, "{count} 个值：[{items}]"),
    (
        r#"expected a multiplier of the arrival rate from 0 to {max}, got {got}"#,
        "应为 0 到 {max} 之间的到达率乘数，实际为 {got}",
    ),
    (
        r#"expected {n} multipliers of the arrival rate ({why}), each from 0 to {max}, such as [{example}], got {got}"#,
        "应为 {n} 个到达率乘数（{why}），每个在 0 到 {max} 之间，如 [{example}]，实际为 {got}",
    ),
    (
        r#"expected {example} (a CSV file of arrival times, optionally with a `class` column), got {got}"#,
        "应为 {example}（到达时间的 CSV 文件，可带 `class` 列），实际为 {got}",
    ),
    (
        r#"could not read '{file}': {why}"#,
        "无法读取 '{file}'：{why}",
    ),
    (
        r#"could not read the header of '{file}': {why}"#,
        "无法读取 '{file}' 的表头：{why}",
    ),
    (r#"save it as UTF-8"#, "请将其另存为 UTF-8 编码"),
    (
        r#"row {row}, column `{column}`: "{text}" is not a timestamp such as 2026-03-05 14:02:11"#,
        r#"第 {row} 行，`{column}` 列："{text}" 不是时间戳（如 2026-03-05 14:02:11）"#,
    ),
    (
        r#"'{name}': {rows} rows of classes the scenario does not have ({classes}; the first row of each: {at}); add them under [[classes]] or leave the rows out"#,
        "'{name}'：有 {rows} 行属于情景中没有的类别（{classes}；各类别首次出现在第 {at} 行）；请在 [[classes]] 下添加这些类别，或删去这些行",
    ),
    (r#"and {more} more"#, "另有 {more} 处"),
    (
        r#"no column is named {names}, so the first, `{column}`, was read as the arrival times: name the column of arrival times `time`"#,
        "没有名为 {names} 的列，因此把第一列 `{column}` 当作到达时间读取：请把到达时间所在的列命名为 `time`",
    ),
    (" (the scenario it produces) ", "（其生成的情景）"),
    (
        r#"'{name}': arrivals before the start date {date}: {early} (the first at row {first_early}); set `scenario.start_date` to the trace's first day"#,
        "'{name}'：有 {early} 条到达记录早于开始日期 {date}（第一条在第 {first_early} 行）；请将 `scenario.start_date` 设为该记录的第一天",
    ),
    (
        r#"'{name}' has no arrivals with {column} = "{n}""#,
        r#"'{name}' 中没有 {column} = "{n}" 的到达记录"#,
    ),
    (r#"'{name}' has no arrivals"#, "'{name}' 中没有任何到达记录"),
    (r#"time unit"#, "时间单位"),
    (
        r#"must be a positive number of arrivals per {unit}, at most {max}, got {got}"#,
        "必须为正数，表示每{unit}的到达数，不超过 {max}，实际为 {got}",
    ),
    (
        r#"must be a positive number of arrivals per {unit} (such as 0.5), or with `arrival_calendar` per working day or open hour ("12/wd", "3/h"), or without it per day ("10/d", "10/天"), at most {max}, got {got}"#,
        r#"必须为正数，表示每{unit}的到达数（如 0.5），或在设置 `arrival_calendar` 后按每工作日或每营业小时计（"12/wd"、"3/h"），或不设置时按每天计（"10/d"、"10/天"），不超过 {max}，实际为 {got}"#,
    ),
    (
        r#"inter-arrival times must have a positive mean, got {d}"#,
        "到达间隔的均值必须为正，实际为 {d}",
    ),
    (
        r#"give either `arrival_rate` (Poisson) or `arrival` (inter-arrival distribution), not both"#,
        "请给出 `arrival_rate`（泊松）或 `arrival`（到达间隔分布）之一，不能同时给出",
    ),
    (
        r#"missing arrivals: give `arrival_rate` (Poisson, per time unit) or `arrival` (an inter-arrival distribution)"#,
        "缺少到达：请给出 `arrival_rate`（泊松，每时间单位）或 `arrival`（到达间隔分布）",
    ),
    (
        r#""end" is not a stage here; name a stage"#,
        r#"此处 "end" 不是环节；请指定一个环节"#,
    ),
    (
        r#"no stage named "{name}": the scenario defines no stages"#,
        r#"没有名为 "{name}" 的环节：情景中没有定义任何环节"#,
    ),
    (
        r#"no stage named "{name}"{hint}; defined stages: {stages}, or "end""#,
        r#"没有名为 "{name}" 的环节{hint}；已定义的环节：{stages}，或 "end""#,
    ),
    (
        r#"no stage named "{name}"{hint}; defined stages: {stages}"#,
        r#"没有名为 "{name}" 的环节{hint}；已定义的环节：{stages}"#,
    ),
    (
        r#"'{file}' is larger than {max} bytes; a calendar file is a few kilobytes"#,
        "'{file}' 大于 {max} 字节；日历文件通常只有几 KB",
    ),
    (
        r#"file "{file}" not found next to the scenario (in '{folder}') nor among the built-in calendars ({built_in}); check the name"#,
        r#"在情景文件旁（'{folder}' 中）和内置日历（{built_in}）中均未找到文件 "{file}"；请检查名称"#,
    ),
    (
        r#"expected a file name such as "calendars/cn-2026.toml", got {got}"#,
        r#"应为文件名，如 "calendars/cn-2026.toml"，实际为 {got}"#,
    ),
    (
        r#"expected a file name or a list of them, such as ["calendars/cn-2026.toml", "calendars/cn-2027.toml"], got {got}"#,
        r#"应为文件名或文件名列表，如 ["calendars/cn-2026.toml", "calendars/cn-2027.toml"]，实际为 {got}"#,
    ),
    // Stages, durations, routes and the process as a whole (src/scenario/parse/), distributions (src/dist.rs) and calendars (src/calendar.rs).
    (
        r#"expected a distribution name, got {got}"#,
        "应为分布名称，实际为 {got}",
    ),
    (
        r#"missing `dist`; one of: {names}"#,
        "缺少 `dist`；可选：{names}",
    ),
    (
        r#"unknown distribution "{kind}"{hint}; one of: {names}"#,
        r#"未知的分布 "{kind}"{hint}；可选：{names}"#,
    ),
    (
        r#"expected an array of durations, got {got}"#,
        "应为时长数组，实际为 {got}",
    ),
    (
        r#"missing `{param}`; {kind} needs {params}"#,
        "缺少 `{param}`；{kind} 需要 {params}",
    ),
    (r#"expected a number, got {got}"#, "应为数字，实际为 {got}"),
    (
        r#"{kind}: `{lower}` ({lower_value}) must not exceed `{upper}` ({upper_value}); they must satisfy {order}"#,
        "{kind}：`{lower}`（{lower_value}）不得大于 `{upper}`（{upper_value}）；它们须满足 {order}",
    ),
    (
        r#"{kind}: `{lower}` ({lower_value}) must be less than `{upper}` ({upper_value})"#,
        "{kind}：`{lower}`（{lower_value}）必须小于 `{upper}`（{upper_value}）",
    ),
    (
        r#"mixes working days (wd) with other units; give every parameter in wd, or none"#,
        "混用了工作日（wd）与其他单位；请将所有参数都以 wd 给出，或都不用 wd",
    ),
    (
        r#"missing [stages.NAME] tables: the process needs at least one stage"#,
        "缺少 [stages.NAME] 表：流程至少需要一个环节",
    ),
    (
        r#""{name}" is reserved and cannot name a stage; rename it"#,
        r#""{name}" 是保留名称，不能用作环节名；请改名"#,
    ),
    (
        r#"expected true or false, got {got}"#,
        "应为 true 或 false，实际为 {got}",
    ),
    (
        r#"a stage is one of: staffed (`pool = ...`), `external = true` or `handoff = true`; give only one"#,
        "环节属于以下三种之一：有人员作业（`pool = ...`）、`external = true` 或 `handoff = true`；只能给出其中一种",
    ),
    (
        r#"expected a clock time such as "16:00", got {got}"#,
        r#"应为时刻，如 "16:00"，实际为 {got}"#,
    ),
    (
        r#"no pool named "{p}"{hint}; defined in [pools]: none"#,
        r#"没有名为 "{p}" 的岗位{hint}；[pools] 中未定义任何岗位"#,
    ),
    (
        r#"no pool named "{p}"{hint}; defined in [pools]: {known}"#,
        r#"没有名为 "{p}" 的岗位{hint}；[pools] 中已定义：{known}"#,
    ),
    (
        r#"expected a pool name, got {got}"#,
        "应为岗位名称，实际为 {got}",
    ),
    (
        r#"stage has no kind: give `pool = "NAME"` (staffed), `external = true` (customer-side time) or `handoff = true` (transfer between departments)"#,
        r#"环节未指定类型：请给出 `pool = "NAME"`（有人员作业）、`external = true`（客户方用时）或 `handoff = true`（部门间流转）"#,
    ),
    (
        r#"`collect` applies to hand-off stages only (`handoff = true`)"#,
        "`collect` 仅适用于流转环节（`handoff = true`）",
    ),
    (
        r#"missing `duration`, e.g. {example}"#,
        "缺少 `duration`，例如 {example}",
    ),
    (
        r#"missing `next`: a stage name, "end", branches {branches}, {rework} or {fork}"#,
        r#"缺少 `next`：应为环节名称、"end"、分支 {branches}、{rework} 或 {fork}"#,
    ),
    (
        r#"no class named "{cname}"{hint}; classes: {known}"#,
        r#"没有名为 "{cname}" 的类别{hint}；现有类别：{known}"#,
    ),
    (
        r#"no branches; give at least one {example}"#,
        "没有分支；请至少给出一个 {example}",
    ),
    (
        r#"must be a probability between 0 and 1, got {got}"#,
        "必须是 0 到 1 之间的概率，实际为 {got}",
    ),
    (r#"missing `p`"#, "缺少 `p`"),
    (
        r#"branch probabilities {ps} sum to {sum}, not 1 (tolerance {tolerance}); adjust them so they add up to 1"#,
        "分支概率 {ps} 之和为 {sum}，不等于 1（容差 {tolerance}）；请调整使其总和为 1",
    ),
    (
        r#"expected a stage name, got {got}"#,
        "应为环节名称，实际为 {got}",
    ),
    (
        r#"expected a rework probability or a list by attempt such as [0.4, 0.2], got {got}"#,
        "应为返工概率，或按返工次数给出的列表，如 [0.4, 0.2]，实际为 {got}",
    ),
    (r#"leave `max` out for no cap"#, "不设上限则省略 `max`"),
    (
        r#"the last rework probability is 1 and there is no `max`: cases would loop for ever; lower it or set `max`"#,
        "最后一个返工概率为 1 且未设 `max`：工单将无限循环；请调低该概率或设置 `max`",
    ),
    (
        r#"stage "{s}" is listed twice in the fork"#,
        r#"环节 "{s}" 在并行分支中列出了两次"#,
    ),
    (
        r#"expected a list of two or more stage names that start the parallel branches, got {got}"#,
        "应为由两个或更多环节名称组成的列表（各并行分支的起始环节），实际为 {got}",
    ),
    (
        r#"a fork needs its join: the stage (or "end") where the branches meet, got {got}"#,
        r#"并行分支需要汇合点，即各分支汇合的环节（或 "end"），实际为 {got}"#,
    ),
    (
        r#"expected a stage name, "end", branches {branches} or {fork}, got {got}"#,
        r#"应为环节名称、"end"、分支 {branches} 或 {fork}，实际为 {got}"#,
    ),
    (
        r#"a limit in working days needs the scenario calendar: set `calendar` in [scenario]"#,
        "以工作日计的时限需要情景日历：请在 [scenario] 中设置 `calendar`",
    ),
    (
        r#"collection times are on working days of the scenario calendar: set `calendar` in [scenario]"#,
        "收取时刻按情景日历的工作日计算：请在 [scenario] 中设置 `calendar`",
    ),
    (
        r#"the join {join_name} is also listed as a branch; a branch must be a stage that leads to the join"#,
        "汇合环节 {join_name} 同时被列为分支；分支必须是通往汇合环节的环节",
    ),
    (
        r#"a branch of this fork leads back to the fork stage before reaching its join {join_name}"#,
        "此并行分支中有一个分支在到达汇合环节 {join_name} 之前又回到了分叉所在的环节",
    ),
    (
        r#"forks inside a parallel branch (of the fork at "{fork}") are not supported; flatten the branches into one fork"#,
        r#"不支持在并行分支内（此处为 "{fork}" 处分出的并行分支）再嵌套并行分支；请把各分支并列放进同一个并行分支"#,
    ),
    (
        r#"this stage is inside a parallel branch of the fork at "{fork}" but can route to "end" without reaching the join {join_name}; route it to the join"#,
        r#"此环节位于 "{fork}" 处分出的并行分支内，却可以不经汇合环节 {join_name} 直接去向 "end"；请将其去向设为汇合环节"#,
    ),
    (
        r#"routes of forks and of stages inside parallel branches cannot differ by class"#,
        "分叉环节及并行分支内各环节的去向不能因类别而不同",
    ),
    (
        r#"stage is inside the branches of two forks ("{other_name}" and "{fork}"); each stage may belong to one fork"#,
        r#"此环节同时位于两处并行分支（分别在 "{other_name}" 和 "{fork}" 处分出）内；每个环节只能属于一个并行分支"#,
    ),
    (
        r#"routes into "{target}", which is inside a parallel branch of the fork at "{fork}"; a branch can only be entered through its fork"#,
        r#"去向 "{target}" 位于 "{fork}" 处分出的并行分支内；分支只能从其分叉处进入"#,
    ),
    (
        r#""{start}" is inside a parallel branch; start at a stage outside forks"#,
        r#""{start}" 位于并行分支内；请从并行分支之外的环节开始"#,
    ),
    (
        r#"for class "{class}", stages {stages} form a loop with no way out: no route from them reaches "end"; give one of them a branch to "end" or onward"#,
        r#"对于类别 "{class}"，环节 {stages} 构成无出口的循环：从这些环节出发的任何去向都到不了 "end"；请为其中一个环节添加去往 "end" 或后续环节的分支"#,
    ),
    (
        r#"this stage is never reached from any class's `start`; route to it or remove it"#,
        "从任何类别的 `start` 出发都不会到达此环节；请设置通往它的去向，或将其删除",
    ),
    (
        r#"quality {quality} makes the rework probability at "{stage}" {capped} × {quality} > 1, more than certain; give a quality of at most {most}"#,
        r#"质量系数 {quality} 使环节 "{stage}" 的返工概率 {capped} × {quality} > 1，已不再是概率；请将质量系数设为不超过 {most}"#,
    ),
    (
        r#"quality {quality} sends every case back at "{stage}" (rework probability {rework} × {quality} ≥ 1), so none would ever leave; give a quality below {below}"#,
        r#"质量系数 {quality} 会使每个工单都在 "{stage}" 被退回（返工概率 {rework} × {quality} ≥ 1），因而没有工单能够离开；请给出小于 {below} 的质量系数"#,
    ),
    (
        r#"`{param}` must be a positive finite number, got {value}"#,
        "`{param}` 必须是有限的正数，实际为 {value}",
    ),
    (
        r#"must be a time >= 0, got {got}"#,
        "必须为 >= 0 的时间，实际为 {got}",
    ),
    (
        r#"`{param}` must be a non-negative finite number, got {value}"#,
        "`{param}` 必须是有限的非负数，实际为 {value}",
    ),
    (
        r#"`{param}` must not exceed {max}, got {value}"#,
        "`{param}` 不得大于 {max}，实际为 {value}",
    ),
    (
        r#"`{lower}` ({lower_value}) must not exceed `{upper}` ({upper_value})"#,
        "`{lower}`（{lower_value}）不得大于 `{upper}`（{upper_value}）",
    ),
    (
        r#"`{lower}` ({lower_value}) must be less than `{upper}` ({upper_value})"#,
        "`{lower}`（{lower_value}）必须小于 `{upper}`（{upper_value}）",
    ),
    (
        r#"`{param}` must be a positive whole number (1, 2, 3, ...), got {value}"#,
        "`{param}` 必须是正整数（1, 2, 3, ...），实际为 {value}",
    ),
    (
        r#"`values` must contain at least one value, got an empty list"#,
        "`values` 至少须包含一个值，实际为空列表",
    ),
    (
        r#"`values[{index}]` must be a non-negative finite number, got {value}"#,
        "`values[{index}]` 必须是有限的非负数，实际为 {value}",
    ),
    (
        r#"`values[{index}]` must not exceed {max}, got {value}"#,
        "`values[{index}]` 不得大于 {max}，实际为 {value}",
    ),
    (
        r#"{dist} parameters cannot be represented: {why}"#,
        "{dist} 分布的参数无法表示：{why}",
    ),
    (
        r#"derived shape {shape} and scale {scale} must both be positive and finite ({params})"#,
        "推导出的形状参数 {shape} 与尺度参数 {scale} 都必须是有限的正数（{params}）",
    ),
    (
        r#"`shape` {shape} is too small: the variance overflows (scale {scale})"#,
        "`shape` {shape} 过小：方差溢出（scale {scale}）",
    ),
    (
        r#"invalid clock time '{text}': write hh:mm between 00:00 and 24:00, e.g. 08:30"#,
        "无效的时刻 '{text}'：请按 hh:mm 书写，介于 00:00 与 24:00 之间，例如 08:30",
    ),
    (
        r#"invalid period {got}: write hh:mm-hh:mm with the end later than the start, e.g. 08:30-12:00"#,
        "无效的时段 {got}：请按 hh:mm-hh:mm 书写，结束须晚于开始，例如 08:30-12:00",
    ),
    (
        r#"invalid period '{text}': write hh:mm-hh:mm with the end later than the start, e.g. 08:30-12:00"#,
        "无效的时段 '{text}'：请按 hh:mm-hh:mm 书写，结束须晚于开始，例如 08:30-12:00",
    ),
    (
        r#"period {period} on {day} does not end after it starts: make the end later than the start"#,
        "{day}的时段 {period} 结束时间不晚于开始时间：请使结束晚于开始",
    ),
    (
        r#"period {period} on {day} ends after 24:00: end it at 24:00 at the latest"#,
        "{day}的时段 {period} 在 24:00 之后才结束：最晚应在 24:00 结束",
    ),
    (
        r#"period {period} overlaps {previous} on {day}: make the periods disjoint"#,
        "{day}的时段 {period} 与 {previous} 重叠：请使各时段互不重叠",
    ),
    (
        r#"period {period} starts before {previous} on {day}: list the periods in time order"#,
        "{day}的时段 {period} 早于 {previous} 开始：请按时间顺序列出各时段",
    ),
    (
        r#"the week has no open time: give at least one weekday an open period"#,
        "一周内没有营业时间：请至少为一周中的某一天设置营业时段",
    ),
    (
        r#"{date} is both a holiday and a make-up day: remove it from one of the two lists"#,
        "{date} 同时被列为节假日和调休上班日：请从两个列表之一中删除",
    ),
    (
        r#"horizon {horizon} min is invalid: give a number of minutes >= 0"#,
        "仿真期 {horizon} min 无效：请给出 >= 0 的分钟数",
    ),
    // Redesign operators, `--set` and loading (src/scenario/variant.rs, set.rs, mod.rs).
    (
        r#"no variant named "{name}": the scenario defines no variants (a [variants.NAME] table defines one); leave out {flag} to use the current process"#,
        r#"没有名为 "{name}" 的方案：该情景未定义任何方案（用 [variants.NAME] 表定义方案）；去掉 {flag} 即使用现行流程"#,
    ),
    (
        r#"no variant named "{name}"{hint}; variants: {variants}"#,
        r#"没有名为 "{name}" 的方案{hint}；现有方案：{variants}"#,
    ),
    (
        r#"{why}; the variants {variants} have it: run one of them with --variant"#,
        "{why}；方案 {variants} 中有此路径：请用 --variant 运行其中一个方案",
    ),
    (
        r#"it is larger than {max} bytes; a scenario file is a few kilobytes"#,
        "文件大于 {max} 字节；情景文件通常只有几 KB",
    ),
    (
        r#"it is neither UTF-8, UTF-16 nor GBK/GB18030 text ({why}); save it as UTF-8"#,
        "文件既不是 UTF-8、UTF-16，也不是 GBK/GB18030 文本（{why}）；请将其另存为 UTF-8 编码",
    ),
    (r#"byte {n} is not UTF-8"#, "第 {n} 个字节不是 UTF-8"),
    (
        r#"not valid {encoding} after its byte-order mark"#,
        "字节顺序标记之后不是有效的 {encoding}",
    ),
    (
        r#""{name}" names the process as written; give the variant another name"#,
        r#""{name}" 指的是现行流程本身；请为方案另取一个名称"#,
    ),
    (
        r#"path "{path}" must start with a key, e.g. pools.review"#,
        r#"路径 "{path}" 必须以键开头，例如 pools.review"#,
    ),
    (
        r#"unclosed '[' in path "{path}""#,
        r#"路径 "{path}" 中的 '[' 未闭合"#,
    ),
    (
        r#""{index}" in path "{path}" is not an index"#,
        r#"路径 "{path}" 中的 "{index}" 不是索引"#,
    ),
    (
        r#"unexpected "{rest}" in path "{path}""#,
        r#"路径 "{path}" 中有多余的 "{rest}""#,
    ),
    (
        r#"expected PATH=VALUE, e.g. pools.review=4"#,
        "应为 PATH=VALUE 的形式，例如 pools.review=4",
    ),
    (
        r#"the scenario has no top-level `{key}`{hint}; it has: {keys}"#,
        "情景中没有顶层键 `{key}`{hint}；现有的顶层键：{keys}",
    ),
    (
        r#"`{walked}` has no `{key}`{hint}; it has: {listed}"#,
        "`{walked}` 下没有 `{key}`{hint}；现有：{listed}",
    ),
    (
        r#"the label `{k}` names {n} entries of `{walked}` ({keys}): write the key of the one meant, such as `{example}`"#,
        "标签 `{k}` 对应 `{walked}` 中的 {n} 个条目（{keys}）：请写明所指条目的键，如 `{example}`",
    ),
    (
        "`{walked}` has no `{key}` yet: set it whole, as `{whole}=...`",
        "`{walked}` 下还没有 `{key}`：请整体设定，如 `{whole}=...`",
    ),
    (
        r#"`{walked}` is a list of {n} entries without names: give the index of one, as `{first}`, or set the list whole"#,
        "`{walked}` 是含 {n} 个无名条目的列表：请给出其中一项的序号，如 `{first}`，或整体设定该列表",
    ),
    (
        r#"`{walked}` has no entry named "{name}"{hint}; names: {names}"#,
        r#"`{walked}` 中没有名为 "{name}" 的条目{hint}；现有名称：{names}"#,
    ),
    (
        r#"`{walked}` has {len} entries; index {i} is out of range"#,
        "`{walked}` 共有 {len} 个条目；索引 {i} 超出范围",
    ),
    (
        r#"`{walked}` is {got}, which has no part `{part}`"#,
        "`{walked}` 是 {got}，没有 `{part}` 这一部分",
    ),
    (
        r#"{walked}: its groups after the first have {others} staff in all; its size can be set to {others} or more (set a group with {walked}.members[1].count=N)"#,
        "{walked}：第一组之后的各组共有 {others} 人；其总人数只能设为 {others} 或以上（单独设置某一组请用 {walked}.members[1].count=N）",
    ),
    (
        r#"missing: give a list of names, e.g. ["a", "b"]"#,
        r#"缺失：请给出名称列表，例如 ["a", "b"]"#,
    ),
    (
        r#"expected a list of names, got {got}"#,
        "应为名称列表，实际为 {got}",
    ),
    (r#"expected a name, got {got}"#, "应为名称，实际为 {got}"),
    (
        r#"no stage named "{stage}"{hint} at this point of the variant; stages: {stages}"#,
        r#"在方案的这一步没有名为 "{stage}" 的环节{hint}；此时的环节：{stages}"#,
    ),
    (
        r#"no class named "{class}"{hint}; classes: {classes}"#,
        r#"没有名为 "{class}" 的类别{hint}；现有类别：{classes}"#,
    ),
    (
        "an empty list names no class: name at least one of {classes}",
        "空列表没有指定任何类别：请至少写出其中一个：{classes}",
    ),
    (
        r#"an empty list changes nothing: give the operator's table, or remove the key"#,
        "空列表不会改变任何内容：请给出该操作的表，或删除此键",
    ),
    (
        r#"expected a table such as {example}, got {got}"#,
        "应为形如 {example} 的表，实际为 {got}",
    ),
    (
        r#"variant "{name}" extends itself (through {chain}); remove the cycle"#,
        r#"方案 "{name}" 继承了它自身（经由 {chain}）；请消除此循环"#,
    ),
    (
        r#"missing `name`: the one-stop step needs a stage name of its own, e.g. "one_stop_lv""#,
        r#"缺少 `name`：一站式办理环节需要一个自己的环节名称，例如 "one_stop_lv""#,
    ),
    (
        r#"missing `pool`: the staff who do the whole visit, e.g. "manager""#,
        r#"缺少 `pool`：负责一次办完全部事项的岗位，例如 "manager""#,
    ),
    (
        r#"missing `duration`: the touch time of the combined step, e.g. {example}"#,
        "缺少 `duration`：合并后环节的作业时长，例如 {example}",
    ),
    (
        r#"expected {example}, the touch time of the combined step for this class, got {got}"#,
        "应为 {example}，即该类别在合并后环节的作业时长，实际为 {got}",
    ),
    (
        r#"expected a table of classes, e.g. {example}, got {got}"#,
        "应为按类别给出的表，例如 {example}，实际为 {got}",
    ),
    (
        r#"needs at least two different stages, got {stages}"#,
        "至少需要两个不同的环节，实际为 {stages}",
    ),
    (
        r#""{s}" is not a staffed stage; {op} combines staffed work (hand-off stages between them disappear on their own)"#,
        r#""{s}" 不是由人员作业的环节；{op} 合并的是人员作业（其间的流转环节会自动去掉）"#,
    ),
    (
        r#"class "{class}" never reaches "{stage}""#,
        r#"类别 "{class}" 不会到达 "{stage}""#,
    ),
    (
        r#"class "{c}" reaches "{stage}" without passing "{first}", so the stages cannot become one step for everyone; use one_stop for the classes that pass them in sequence"#,
        r#"类别 "{c}" 不经过 "{first}" 就到达 "{stage}"，因此这些环节不能对所有类别合并为一步；请对依次经过这些环节的类别使用 one_stop"#,
    ),
    (
        r#"no class reaches "{stage}""#,
        r#"没有任何类别会到达 "{stage}""#,
    ),
    (
        r#"class "{c}" has its own duration at "{s}"; give the combined step's duration for it too, e.g. {example}"#,
        r#"类别 "{c}" 在 "{s}" 有单独的时长；请同样为它给出合并后环节的时长，例如 {example}"#,
    ),
    (
        r#"a stage named "{name}" already exists; choose another name"#,
        r#"已存在名为 "{name}" 的环节；请另选一个名称"#,
    ),
    (
        r#"for class "{c}", "{stage}" branches instead of leading on to "{next}"; {op} needs stages that follow one another, and carries a rework loop written as one: {example}"#,
        r#"对于类别 "{c}"，"{stage}" 出现分支，而不是接着通向 "{next}"；{op} 需要前后相接的环节，其中的返工回路须写成返工路由才能带入合并后的环节：{example}"#,
    ),
    (
        r#"for class "{c}", "{stage}" branches instead of leading on to "{next}"; {op} needs stages that follow one another"#,
        r#"对于类别 "{c}"，"{stage}" 出现分支，而不是接着通向 "{next}"；{op} 需要前后相接的环节"#,
    ),
    (
        r#""{other}" and "{stage}" both have a rework loop; one combined step can carry only one"#,
        r#""{other}" 和 "{stage}" 都有返工循环；一个合并后的环节只能保留其中一个"#,
    ),
    (
        r#""{next}" does not follow "{stage}" for class "{c}": after "{stage}" comes "{found}"; {op} needs stages adjacent on the path (only hand-off stages between them)"#,
        r#"对于类别 "{c}"，"{next}" 并不紧接在 "{stage}" 之后："{stage}" 之后是 "{found}"；{op} 需要在路径上相邻的环节（其间只能有流转环节）"#,
    ),
    (
        r#""{from}" has a rework loop and "{last}" routes to more than one place; one combined step can carry only one of them"#,
        r#""{from}" 有返工循环，而 "{last}" 有多个去向；一个合并后的环节只能保留其中之一"#,
    ),
    (
        r#""{s}" routes some classes differently; the branches of a parallel step must be the same for every class"#,
        r#""{s}" 对部分类别的去向不同；并行步骤的各分支必须对所有类别相同"#,
    ),
    (
        r#""{next}" does not follow "{stage}": after "{stage}" comes "{found}"; list stages in the order they run now"#,
        r#""{next}" 并不紧接在 "{stage}" 之后："{stage}" 之后是 "{found}"；请按环节当前的先后顺序列出"#,
    ),
    (
        r#""{stage}" must lead to a single next step to run in parallel, but its next is {got}"#,
        r#""{stage}" 必须只通向唯一的下一步才能并行运行，但其去向为 {got}"#,
    ),
    (
        r#"the last parallel stage must lead to a single next step, where the branches join, but its next is {got}"#,
        "最后一个并行环节必须只通向唯一的下一步（各分支在此汇合），但其去向为 {got}",
    ),
    (
        r#""{name}" routes into "{target}" in the middle of the sequence; only the first stage may be entered from outside"#,
        r#""{name}" 通向序列中间的 "{target}"；只有第一个环节可以从外部进入"#,
    ),
    (
        r#"class "{c}" starts at "{s}" in the middle of the sequence"#,
        r#"类别 "{c}" 从序列中间的 "{s}" 开始"#,
    ),
    (
        r#"a stage named "{split}" already exists; the parallel step needs that name for its start"#,
        r#"已存在名为 "{split}" 的环节；并行步骤的起点需要使用这个名称"#,
    ),
    (
        r#"missing `delay`: the hand-off time after the change, e.g. "0.05wd""#,
        r#"缺少 `delay`：改进后的流转时长，例如 "0.05wd""#,
    ),
    (
        r#""{s}" is not a hand-off stage (`handoff = true`)"#,
        r#""{s}" 不是流转环节（`handoff = true`）"#,
    ),
    (
        r#"the scenario has no hand-off stages (`handoff = true`)"#,
        "情景中没有流转环节（`handoff = true`）",
    ),
    (
        r#""{s}" is a branch of the parallel step after "{name}"; a branch cannot be removed from a fork (change the fork with `set`)"#,
        r#""{s}" 是 "{name}" 之后并行步骤的一个分支；不能从并行分支中删除分支（请用 `set` 修改并行分支）"#,
    ),
    (
        r#""{s}" is where the rework loop of "{name}" goes; remove "{name}" (its loop goes with it) or change the loop with `set`"#,
        r#""{s}" 是 "{name}" 返工循环的去向；请删除 "{name}"（其循环随之去掉），或用 `set` 修改该循环"#,
    ),
    (
        r#""{s}" is where a branch of "{name}" goes back to, a rework loop; change the route of "{name}" with `set` first"#,
        r#""{s}" 是 "{name}" 的一个分支返回之处，即返工循环；请先用 `set` 修改 "{name}" 的去向"#,
    ),
    (
        r#"class {classes} never reaches "{s}""#,
        r#"类别 {classes} 不会到达 "{s}""#,
    ),
    (
        r#"for class "{c}", "{s}" branches, so there is no single way on to send its cases; remove the stages it branches to, or change its route with `set`"#,
        r#"对于类别 "{c}"，"{s}" 有分支，无法把其工单送往唯一的下一步；请删除它分支通向的环节，或用 `set` 修改其去向"#,
    ),
    (
        r#"expected {example}: a pool and the labels of two of its member groups"#,
        "应为 {example}：一个岗位，以及其中两个人员组的标签",
    ),
    (
        r#"expected how many members are trained, a whole number >= 1, got {got}"#,
        "应为培训的人数，即 >= 1 的整数，实际为 {got}",
    ),
    (
        r#"expected a yearly cost per member trained, >= 0, got {got}"#,
        "应为 >= 0 的每名受训人员年度成本，实际为 {got}",
    ),
    (
        r#""{to}" is also `from`: training moves members to another group"#,
        r#""{to}" 与 `from` 相同：培训是把人员转到另一个组"#,
    ),
    (
        r#"no pool named "{pool}" with member groups{hint}; pools: {pools}"#,
        r#"没有名为 "{pool}" 且设有人员组的岗位{hint}；现有岗位：{pools}"#,
    ),
    (
        r#"pool "{pool}" has no member groups to train between: give it `{example}`"#,
        r#"岗位 "{pool}" 没有人员组，无法在组间培训转组：请为它设置 `{example}`"#,
    ),
    (
        r#"pool "{pool}" has no member group labelled "{name}"{hint}; its groups: {groups}"#,
        r#"岗位 "{pool}" 没有标签为 "{name}" 的人员组{hint}；其人员组：{groups}"#,
    ),
    (
        r#"pool "{pool}" has too few members labelled "{from}" to train {count}: it has {have}"#,
        r#"岗位 "{pool}" 中标签为 "{from}" 的人员不足以培训 {count} 名：只有 {have} 名"#,
    ),
    (
        r#"expected a table of paths and values, e.g. {example}, got {got}"#,
        "应为由路径和值组成的表，例如 {example}，实际为 {got}",
    ),
    (
        r#"a variant cannot change [scenario] settings: every variant runs the same replications, seed, horizon and warm-up, so that they can be paired"#,
        "方案不能修改 [scenario] 设置：所有方案使用相同的重复次数、随机种子、仿真期和预热期，以便配对比较",
    ),
    (r#"missing"#, "缺失"),
    // Runs, sweeps, optimisation, sensitivity, shards and results folders (src/study.rs, sweep.rs, optimize.rs, sensitivity.rs, options.rs, merge.rs, export/, commands/).
    (
        r#"this would simulate about {total} cases ({points} points × {replications} replications × {per} cases each, over {n} variants), beyond the {max} a run takes on unasked; pass --yes to run it anyway, or use fewer replications or points"#,
        "这次运行约需仿真 {total} 个工单（{points} 个扫描点 × {replications} 次重复 × 每次重复 {per} 个工单，{n} 个方案合计），超过无需确认即可运行的上限 {max}；如仍要运行，请加 --yes，或减少重复次数或扫描点数",
    ),
    (
        r#"this would simulate about {all} stage visits, {each} per case on average, beyond the {max} a run takes on unasked: a loop taken with a probability near 1 keeps its cases going round; check the routes' probabilities, or pass --yes to run it anyway"#,
        "这次运行约需仿真 {all} 次环节处理，平均每个工单 {each} 次，超过无需确认即可运行的上限 {max}：某个以接近 1 的概率走回的环路让工单一直打转；请检查路径概率，或加 --yes 仍然运行",
    ),
    (
        r#"this would simulate about {total} cases ({replications} replications × {per} cases each, over {n} variants), beyond the {max} a run takes on unasked; pass --yes to run it anyway, or use fewer replications"#,
        "这次运行约需仿真 {total} 个工单（{replications} 次重复 × 每次重复 {per} 个工单，{n} 个方案合计），超过无需确认即可运行的上限 {max}；如仍要运行，请加 --yes，或减少重复次数",
    ),
    (
        r#"the scenario has no variants to compare; add [variants.NAME] tables (see the README)"#,
        "情景中没有可比较的方案；请添加 [variants.NAME] 表（见 README）",
    ),
    (
        r#"the warm-up looks too short: MSER-5 on the lead times averaged over replications 0 to {last} deletes the cases arriving before {at} {units}; scenario.warmup is {warmup}"#,
        "预热期似乎太短：对第 0 至 {last} 次重复逐件平均的办电时长做 MSER-5 分析，会删去 {at} {units}之前到达的工单；而 scenario.warmup 为 {warmup}",
    ),
    (
        r#"the manifest's scenario is not a scenario document: {why}"#,
        "run.json 中记录的情景不是情景文档：{why}",
    ),
    (
        r#"the manifest names no variant: it was not written by `expansim run`, `compare` or `sweep`"#,
        "run.json 中没有记录任何方案：它不是由 `expansim run`、`compare` 或 `sweep` 写出的",
    ),
    (
        r#"'{dir}' holds an interrupted run (run.json says "complete": false); finish it first with: expansim {command} --resume {dir}"#,
        r#"'{dir}' 中是一次被中断的运行（run.json 记为 "complete": false）；请先完成它：expansim {command} --resume {dir}"#,
    ),
    (
        r#"'{file}' does not match its run.json: {why}; run the command again without --resume"#,
        "'{file}' 与其 run.json 不符：{why}；请不加 --resume 重新运行该命令",
    ),
    (
        r#"--log-replications {bad}: the run has replications 0..{replications} only"#,
        "--log-replications {bad}：本次运行只有第 0..{replications} 次重复",
    ),
    (
        r#"'{dir}' was written by expansim {written}, this is {version}; rerun the command in it ({command}) to make a report"#,
        "'{dir}' 由 expansim {written} 写出，当前版本为 {version}；要生成报告，请重新运行其中记录的命令（{command}）",
    ),
    (
        r#"'{dir}' holds {why}; make a report of a run or comparison (merge shards first)"#,
        "'{dir}' 中是{why}；只能为一次运行或方案比较生成报告（分片请先合并）",
    ),
    (r#"one shard of a run"#, "一次运行的一个分片"),
    (
        r#"the results of optimize (optimize.csv and optimize.json)"#,
        "命令 optimize 的结果（optimize.csv 和 optimize.json）",
    ),
    (
        r#"the results of sensitivity, whose report.html is already there"#,
        "命令 sensitivity 的结果，其 report.html 已经存在",
    ),
    (
        r#"the results of sensitivity, which draws its report.html itself (its command is in run.json: run it again to redraw it)"#,
        "命令 sensitivity 的结果，它自行生成 report.html（其命令记录在 run.json 中：重新运行该命令即可重新生成）",
    ),
    (r#"a sweep"#, "一次参数扫描"),
    (
        r#"re-running '{file}' does not reproduce its summary.csv (was a file edited?): line {n} is {was} in the file, {now} re-run; run the command again into this folder to draw its report: {command}"#,
        "重新运行 '{file}' 未能重现其 summary.csv（是否有文件被修改过？）：第 {n} 行文件中为 {was}，重新运行得到 {now}；请将该命令重新运行到此文件夹以生成报告：{command}",
    ),
    (
        r#"expected PATH=VALUES such as pools.reviewer=1..=4, got "{s}""#,
        r#"应为 PATH=VALUES 的形式，如 pools.reviewer=1..=4，实际为 "{s}""#,
    ),
    (
        r#""{spec}" is not a list (2,3,4 or 2h,4h) or an integer range (1..5 without 5, 1..=4 with it)"#,
        r#""{spec}" 既不是列表（2,3,4 或 2h,4h），也不是整数范围（1..5 不含 5，1..=4 含 4）"#,
    ),
    (
        r#"expected CLASS:METRIC>=VALUE or CLASS:METRIC<=VALUE, e.g. hv_single:limit_met_share>=0.95, or CLASS:METRIC:SUBJECT<=VALUE for a stage or pool, e.g. all:utilization:inspector<=0.85; got "{s}""#,
        r#"应为 CLASS:METRIC>=VALUE 或 CLASS:METRIC<=VALUE，例如 hv_single:limit_met_share>=0.95；针对环节或岗位则为 CLASS:METRIC:SUBJECT<=VALUE，例如 all:utilization:inspector<=0.85；实际为 "{s}""#,
    ),
    (
        r#""{metric}" is not a metric{hint}; one of: {names}"#,
        r#""{metric}" 不是指标{hint}；可用指标：{names}"#,
    ),
    (r#""{value}" is not a number"#, r#""{value}" 不是数字"#),
    (
        r#""{s}" can never be met: {metric} is between {lo} and {hi}; give a threshold in that range"#,
        r#""{s}" 永远无法满足：{metric} 的取值在 {lo} 与 {hi} 之间；请在此范围内给出阈值"#,
    ),
    (
        r#""{s}" can never be met: {metric} is {lo} or more; give a threshold in that range"#,
        r#""{s}" 永远无法满足：{metric} 的取值不小于 {lo}；请在此范围内给出阈值"#,
    ),
    (
        r#"no class named "{class}"; classes (by key or label): all, {classes}"#,
        r#"没有名为 "{class}" 的类别；可用类别（按键或标签）：all, {classes}"#,
    ),
    (
        r#"class "{class}" has no limit_met_share (it has no `limit`)"#,
        r#"类别 "{class}" 没有 limit_met_share（它没有设置 `limit`）"#,
    ),
    (
        r#"class "{class}" has no {metric} in this scenario"#,
        r#"本情景中类别 "{class}" 没有 {metric}"#,
    ),
    (
        r#"{metric} is about the whole process, not a stage or pool: leave out ":{subject}""#,
        r#"{metric} 针对整个流程，而不是某个环节或岗位：请去掉 ":{subject}""#,
    ),
    (
        r#"{metric} of class "{class}" is reported for each stage or pool{hint}; name one of: {names}"#,
        r#"{metric}（类别 "{class}"）按各环节或岗位分别给出{hint}；请指定其一：{names}"#,
    ),
    (
        r#"{metric} of class "{class}" is reported for other subjects{hint}; name one of: {names}"#,
        r#"{metric}（类别 "{class}"）针对的是其他对象{hint}；请指定其一：{names}"#,
    ),
    (
        r#"{count} points, more than the {MAX_POINTS} one sweep takes (each point is checked and kept in memory); vary fewer values, or use optimize, which searches without the full grid"#,
        "{count} 个扫描点，超过单次扫描上限 {MAX_POINTS}（每个点都要检查并保存在内存中）；请减少变化的取值，或改用无需完整网格的 optimize 搜索",
    ),
    (
        r#"--vary {other} sets part of the same thing (a value and one inside it, or a pool's size and its member groups' counts): the points would not have the values they are labelled with; vary only one of them"#,
        "--vary {other} 设置的是同一项内容的一部分（一个值与其内部的值，或岗位人数与其人员组人数）：各点的取值将与其标注不符；只变化其中一个",
    ),
    (
        r#"the same path is varied twice; give all its values in one --vary: {example}"#,
        "同一路径被变化了两次；请在一个 --vary 中给出它的全部取值：{example}",
    ),
    (
        r#"{value} is listed twice (value {n}): each point would run twice; list each value once"#,
        "{value} 列出了两次（第 {n} 个值）：每个点会运行两次；每个值只列一次",
    ),
    (
        r#"a sweep cannot vary [scenario] settings: every point runs the same replications, seed, horizon and warm-up; use --replications, --seed or --set"#,
        "参数扫描不能改变 [scenario] 设置：每个点使用相同的重复次数、随机种子、仿真期和预热期；请使用 --replications、--seed 或 --set",
    ),
    (
        r#"optimize sizes pools: give pools.NAME, one of: {pools}"#,
        "optimize 调整的是岗位人数：请给出 pools.NAME，可选：{pools}",
    ),
    (
        "the scenario has no staff pools, and optimize sizes staff: give stages a `pool` and the scenario [pools]",
        "情景中没有岗位，而 optimize 调整的是岗位人数：请在 [pools] 中设置岗位，并为环节指定 `pool`",
    ),
    (
        r#"optimize judges each point at its 95% bound, which needs at least 2 replications per point, got {r}: pass -r 2 or more"#,
        "optimize 按 95% 置信界判断每个配置，每个配置至少需要 2 次重复，实际为 {r}：请用 -r 指定 2 或以上",
    ),
    (
        r#"a target is judged at its 95% bound, which needs at least 2 replications per point, got {r}: pass -r 2 or more"#,
        "目标按 95% 置信界判断，每个配置至少需要 2 次重复，实际为 {r}：请用 -r 指定 2 或以上",
    ),
    (
        r#"offered load {load}, and the search does not size the pool, so every point would be over capacity: add --range pools.{name}={bound}..={hi}, or --set pools.{name}={bound}"#,
        "负荷{load}，而搜索不调整该岗位，因此每个配置都会超负荷：请加上 --range pools.{name}={bound}..={hi}，或 --set pools.{name}={bound}",
    ),
    (
        r#"{metric} falls as staff are added, so staffing more can make this target worse, while optimize relies on the opposite (the largest staffing failing means every point fails): search it with sweep --vary, or give it as {metric}<="#,
        "{metric} 随人员增加而下降，增加人员反而可能使该目标变差，而 optimize 依赖相反的性质（最大配置不达标即所有配置都不达标）：请用 sweep --vary 逐点搜索，或改为 {metric}<= 的目标",
    ),
    (
        r#"{metric} rises as staff are added, so staffing more can make this target worse, while optimize relies on the opposite (the largest staffing failing means every point fails): search it with sweep --vary, or give it as {metric}>="#,
        "{metric} 随人员增加而上升，增加人员反而可能使该目标变差，而 optimize 依赖相反的性质（最大配置不达标即所有配置都不达标）：请用 sweep --vary 逐点搜索，或改为 {metric}>= 的目标",
    ),
    (
        r#"sensitivity gives each effect a 95% interval, which needs at least 2 replications, got {r}: pass -r 2 or more"#,
        "sensitivity 为每项影响给出 95% 置信区间，至少需要 2 次重复，实际为 {r}：请用 -r 指定 2 或以上",
    ),
    (
        r#"the pool is given twice: give one range per pool"#,
        "该岗位给出了两次：每个岗位只给一个范围",
    ),
    (
        r#"optimize searches every size between the smallest and the largest, so a list with gaps would not be honoured: give {lo}..={hi}, or use sweep to run only the listed sizes"#,
        "optimize 会搜索最小值与最大值之间的每个人数，不会按有间断的列表执行：请给出 {lo}..={hi}，或改用 sweep 只运行列出的人数",
    ),
    (
        r#"give whole numbers of staff, e.g. 1..=8"#,
        "请给出整数人数，例如 1..=8",
    ),
    (
        r#"the pool's groups after its first have {others} staff in all, so it has at least {others}, above the range's largest value {hi}"#,
        "该岗位第一组之后的各组共有 {others} 人，因此至少有 {others} 人，超过范围的最大值 {hi}",
    ),
    (
        r#"the pool's offered load needs at least {bound} staff, above the range's largest value {hi}"#,
        "该岗位的负荷至少需要 {bound} 人，超过范围的最大值 {hi}",
    ),
    (
        r#"offered load {load}: the scenario as it is is unstable, so no change can be measured against it; give the pool more staff (e.g. --set pools.{name}={size}) or less work"#,
        "负荷{load}：情景本身就不稳定，因此无法以它为基准衡量任何改动；请为该岗位增加人员（例如 --set pools.{name}={size}）或减少其工作量",
    ),
    (
        r#"expected K/N with 0 <= K < N, e.g. 0/4 (K counts from 0), got "{s}""#,
        r#"应为 K/N，且 0 <= K < N，例如 0/4（K 从 0 开始计），实际为 "{s}""#,
    ),
    (
        r#"at most {most} shards (the limit of replications), got "{s}""#,
        r#"分片数不得超过 {most}（即重复次数的上限），实际为 "{s}""#,
    ),
    (
        r#"expected a whole number of 2 or more, got "{s}""#,
        r#"应为 2 或以上的整数，实际为 "{s}""#,
    ),
    (
        r#"expected a whole number from 0 to {max}, got "{s}""#,
        r#"应为 0 到 {max} 之间的整数，实际为 "{s}""#,
    ),
    (
        r#"expected a whole number of 1 or more, got "{s}""#,
        r#"应为 1 或以上的整数，实际为 "{s}""#,
    ),
    (
        r#"expected a share between 0 and 1, e.g. 0.02, got "{s}""#,
        r#"应为 0 到 1 之间的比例，例如 0.02，实际为 "{s}""#,
    ),
    (
        r#"expected a positive number or "all", got "{s}""#,
        r#"应为正数或 "all"，实际为 "{s}""#,
    ),
    (
        r#""{text}" is not a range such as 1..5 (without 5) or 1..=4 (with 4)"#,
        r#""{text}" 不是形如 1..5（不含 5）或 1..=4（含 4）的范围"#,
    ),
    (r#"the range "{text}" is empty"#, r#"范围 "{text}" 为空"#),
    (
        r#"the range "{text}" has more than 10,000 values"#,
        r#"范围 "{text}" 包含的值超过 10,000 个"#,
    ),
    (
        r#"expected replication numbers such as 0,3 or a range 0..5, got "{part}""#,
        r#"应为重复编号，如 0,3，或范围，如 0..5，实际为 "{part}""#,
    ),
    (
        r#"'{dir}' is not a shard (its run had no --shard)"#,
        "'{dir}' 不是分片（其运行未使用 --shard）",
    ),
    (
        r#"'{dir}' has another {why} than '{first}'"#,
        "'{dir}' 的{why}与 '{first}' 不同",
    ),
    (
        r#"'{dir}' has another {why} than '{first}' ({values})"#,
        "'{dir}' 的{why}与 '{first}' 不同（{values}）",
    ),
    (
        r#"'{dir}' has another scenario than '{first}' ({settings})"#,
        "'{dir}' 的情景设置与 '{first}' 不同（{settings}）",
    ),
    (r#"expansim version"#, "expansim 版本"),
    (r#"file of arrivals (SHA-256)"#, "到达记录文件（SHA-256）"),
    (
        r#"'{r}' holds a result written after this run was interrupted; it is kept, and the continued run completes in '{dir}'"#,
        "'{r}' 中是本次运行中断之后写入的结果，予以保留；继续运行的结果写在 '{dir}' 中",
    ),
    (
        r#"'{file}' is not a file; a calendar file is a TOML file of a few kilobytes"#,
        "'{file}' 不是普通文件；日历文件应是几 KB 大小的 TOML 文件",
    ),
    (
        r#"'{dir}' was run with other arrivals: {files} changed since, and the replications that finished would be mixed with ones of the new arrivals; run the command again into a new folder, without --resume"#,
        "'{dir}' 运行时用的是另一份到达记录：{files} 此后已被修改，已完成的重复会与新到达记录的重复混在一起；请去掉 --resume，把命令重新运行到一个新文件夹",
    ),
    (
        r#"scenario (SHA-256 and settings)"#,
        "情景（SHA-256 与设置）",
    ),
    (r#"number of replications"#, "重复次数"),
    (r#"list of variants"#, "方案列表"),
    (r#"shard count"#, "分片数"),
    (r#"missing shards: {shards}"#, "缺少分片：{shards}"),
    (r#"missing shard: {shards}"#, "缺少分片：{shards}"),
    (r#"shard given twice: {shards}"#, "分片给出了两次：{shards}"),
    (
        r#"'{file}' is missing: the shard's results are incomplete; run that shard again"#,
        "缺少 '{file}'：该分片的结果不完整；请重新运行该分片",
    ),
    (r#"cannot merge:"#, "无法合并："),
    (
        r#"'{file}' does not hold the rows of shard {shard}: {why}; run that shard again"#,
        "'{file}' 中不是分片 {shard} 的数据行：{why}；请重新运行该分片",
    ),
    (r#"line {line}: {why}"#, "第 {line} 行：{why}"),
    (
        r#"the value "{text}" in column {column} cannot be a result; the file was edited"#,
        r#"{column} 列中的数值 "{text}" 不可能是结果；文件已被改动"#,
    ),
    (
        r#"it has {n} cells where the header has {all} (the file is cut off or was edited)"#,
        "该行有 {n} 个单元格，而表头有 {all} 列（文件被截断或修改过）",
    ),
    (
        r#"'{file}' holds replications {found} of variant {variant}, but its run.json says shard {shard} has {expected}; the file is incomplete or from another run"#,
        "'{file}' 中方案 {variant} 的重复为 {found}，但其 run.json 记录分片 {shard} 应为 {expected}；该文件不完整，或来自另一次运行",
    ),
    (
        r#"a row of point {point} is there twice"#,
        "扫描点 {point} 有一行出现了两次",
    ),
    (r#"point {point} has no rows"#, "扫描点 {point} 没有数据行"),
    (
        r#"point {point} is not one of the shard's"#,
        "扫描点 {point} 不属于该分片",
    ),
    (
        r#"point {point} has {n} rows, the others {most}"#,
        "扫描点 {point} 有 {n} 行，其他点有 {most} 行",
    ),
    (
        r#"'{file}' does not match its run.json: {why}"#,
        "'{file}' 与其 run.json 不符：{why}",
    ),
    (
        r#"the file ends in the middle of a row (it was truncated)"#,
        "文件在某一行中间结束（文件被截断了）",
    ),
    (
        r#"a row has {n} columns, expected 7"#,
        "有一行包含 {n} 列，应为 7 列",
    ),
    (r#"unknown variant "{name}""#, r#"未知的方案 "{name}""#),
    (r#"bad replication "{text}""#, r#"无效的重复编号 "{text}""#),
    (r#"unknown metric {key}"#, "未知的指标 {key}"),
    (
        r#"replication {rep} out of order"#,
        "第 {rep} 次重复的顺序不对",
    ),
    (
        r#"replication {rep} continues one read before"#,
        "第 {rep} 次重复接续了前面已读过的重复",
    ),
    (
        r#"replication {rep} of variant {variant} has the row {row} twice"#,
        "方案 {variant} 的第 {rep} 次重复中，行 {row} 出现了两次",
    ),
    (r#"bad value "{text}""#, r#"无效的数值 "{text}""#),
    (
        r#"replication {rep} of variant {variant}, row {row}: the value "{text}" cannot be a result ({what}); the file was edited"#,
        r#"方案 {variant} 的第 {rep} 次重复，行 {row}：数值 "{text}" 不可能是结果（{what}）；文件已被改动"#,
    ),
    (
        r#"a share lies in [{lo}, {hi}]"#,
        "比例应在 [{lo}, {hi}] 之间",
    ),
    (
        r#"times, counts and rates are finite and at least {lo}"#,
        "时间、数量和速率应为有限值且不小于 {lo}",
    ),
    (
        r#"replication {rep} of variant {variant} lacks {missing} of its {n} metric rows (the file is truncated or edited)"#,
        "方案 {variant} 的第 {rep} 次重复缺少 {n} 个指标行中的 {missing} 个（文件被截断或修改过）",
    ),
    (
        r#"could not read '{file}' ({why}); give a folder written by expansim run, compare or sweep"#,
        "无法读取 '{file}'（{why}）；请给出由 expansim run、compare 或 sweep 写出的文件夹",
    ),
    (
        r#"could not read '{file}' ({why}); give a folder written by expansim run or compare"#,
        "无法读取 '{file}'（{why}）；请给出由 expansim run 或 compare 写出的文件夹",
    ),
    (
        r#"'{file}' is not an expansim manifest: {why}"#,
        "'{file}' 不是 expansim 的运行清单：{why}",
    ),
    (
        r#"the process graph could not be laid out: {why}"#,
        "无法排布流程图：{why}",
    ),
    (
        r#"--resume {dir} writes the continued run into that folder; leave out --out {out}"#,
        "--resume {dir} 会把继续的运行写入该文件夹；请去掉 --out {out}",
    ),
    (
        r#"'{dir}' holds a complete run already; nothing to resume (an interrupted rerun that will replace it is in '{rerun}': continue it with --resume {rerun})"#,
        "'{dir}' 中已是一次完整的运行，无需继续（将替换它的一次被中断的重新运行在 '{rerun}' 中：请用 --resume {rerun} 继续）",
    ),
    (
        r#"'{dir}' holds a complete run already; nothing to resume"#,
        "'{dir}' 中已是一次完整的运行，无需继续",
    ),
    (
        r#"the command recorded in '{file}' ({command}) cannot be run again: {why}"#,
        "'{file}' 中记录的命令（{command}）无法再次运行：{why}",
    ),
    (
        r#"'{dir}' holds the results of `expansim {command}`; continue it with: expansim {command} --resume {dir}"#,
        "'{dir}' 中是 `expansim {command}` 的结果；请这样继续：expansim {command} --resume {dir}",
    ),
    (
        r#"'{dir}' was written by `{command}`, and --resume continues that command: give --resume {dir} alone (with --jobs, --quiet or --lang if wanted)"#,
        "'{dir}' 由 `{command}` 写出，--resume 会继续该命令：请只给出 --resume {dir}（需要时可加 --jobs、--quiet 或 --lang）",
    ),
    (
        r#"optimize takes neither --shard nor --resume: the search decides which points to run as it goes"#,
        "optimize 不接受 --shard 或 --resume：搜索过程中才决定要运行哪些配置",
    ),
    (
        r#"interrupted: the search did not finish; nothing was written (an earlier result in the folder is kept)"#,
        "已中断：搜索未完成；没有写入任何文件（文件夹中先前的结果保留不变）",
    ),
    (
        r#"--max-replications {max} is fewer than the first batch of --precision, {n} replications (-r, or the scenario's `replications`): the run stops at {max}"#,
        r#"--max-replications {max} 少于 --precision 的第一批重复次数 {n}（-r 或情景的 `replications`）：运行到第 {max} 次即停止"#,
    ),
    (
        "expected an object such as {example}",
        "应为对象，例如 {example}",
    ),
    (
        "the run was stopped before it finished",
        "运行在完成前被停止",
    ),
    (
        r#"--shard cannot be combined with --report, --event-log or --cases; merge the shards first (expansim merge), then run expansim report on the merged folder"#,
        "--shard 不能与 --report、--event-log 或 --cases 同时使用；请先合并分片（expansim merge），再对合并后的文件夹运行 expansim report",
    ),
    (
        r#"--shard cannot be combined with --precision: a shard runs its own fixed part of the replications, while --precision decides their number as it goes; give the number with -r"#,
        "--shard 不能与 --precision 同时使用：每个分片运行固定的一部分重复，而 --precision 是边运行边决定重复次数；请用 -r 给出次数",
    ),
    (
        r#"--log-replications: the precision was reached after {n} replications, so replication {list} did not run and is not logged"#,
        "--log-replications：{n} 次重复后已达到精度，因此第 {list} 次重复没有运行，也不会记录",
    ),
    (
        r#"sensitivity takes neither --shard nor --resume"#,
        "sensitivity 不接受 --shard 或 --resume",
    ),
    (
        r#""{metric}": sensitivity ranks by lead_time or limit_met_share"#,
        r#""{metric}"：sensitivity 只能按 lead_time 或 limit_met_share 排序"#,
    ),
    (
        r#"--metric limit_met_share: no class of the scenario has a `limit`, so there is no share within it to rank by; use --metric lead_time, or give the classes a limit"#,
        "--metric limit_met_share：情景中没有任何类别设置了 `limit`，因此没有时限内办结比例可供排序；请使用 --metric lead_time，或为类别设置时限",
    ),
    (
        r#"interrupted: sensitivity stopped before every change ran; nothing was written (an earlier result in the folder is kept)"#,
        "已中断：sensitivity 在所有改动运行完之前就停止了；没有写入任何文件（文件夹中先前的结果保留不变）",
    ),
    (
        r#"could not start the web server's threads: {why}"#,
        "无法启动 Web 服务器的线程：{why}",
    ),
    (
        r#"could not listen for Ctrl-C and SIGTERM: {why}"#,
        "无法监听 Ctrl-C 和 SIGTERM：{why}",
    ),
    (
        r#"--host {host} --port {port}: not an address to listen on; give an IP address such as 127.0.0.1 or 0.0.0.0: {why}"#,
        "--host {host} --port {port} 不是可以监听的地址（{why}）；请给出 IP 地址，如 127.0.0.1 或 0.0.0.0",
    ),
    (
        r#"could not listen on {addr}; is the port in use? Choose another with --port: {why}"#,
        "无法在 {addr} 上监听（{why}）；端口是否已被占用？请用 --port 另选一个",
    ),
    (
        r#"the web server stopped with an error: {why}"#,
        "Web 服务器因出错而停止：{why}",
    ),
    (
        r#"variant "{variant}" is not in the scenario"#,
        r#"情景中没有方案 "{variant}""#,
    ),
    (
        r#"the request is not the page's settings: {why}"#,
        "请求的内容不是本页的设置：{why}",
    ),
    (r#"the simulation failed: {why}"#, "仿真失败：{why}"),
    // Event logs and `fit` (src/fit/, src/text.rs, src/commands/fit.rs).
    (
        r#"line {line} is longer than {max} bytes: this is not a CSV file of rows"#,
        "第 {line} 行超过 {max} 字节：这不是按行存放的 CSV 文件",
    ),
    (
        "field {n} is not UTF-8 text",
        "第 {n} 个字段不是 UTF-8 文本",
    ),
    (
        r#"{message}; the file is not UTF-8 from here on: if it is GBK or GB18030 (as Excel on Chinese Windows saves CSV), {why}"#,
        "{message}；文件从此处起不是 UTF-8 编码：如果它是 GBK 或 GB18030 编码（中文版 Windows 上的 Excel 保存 CSV 时所用的编码），{why}",
    ),
    (
        r#"give --encoding gb18030, or save it as UTF-8"#,
        "请加 --encoding gb18030，或将其另存为 UTF-8",
    ),
    (
        r#"the file mixes two encodings: row {utf8} is UTF-8 and row {other} {why}, as when two exports saved differently are joined into one; save the whole file as UTF-8 (or fit each part on its own), then fit again"#,
        "文件混用了两种编码：第 {utf8} 行是 UTF-8，而第 {other} 行{why}（两份以不同编码保存的导出文件拼成一份时就会如此）；请将整个文件另存为 UTF-8（或分别拟合各部分）后再拟合",
    ),
    (
        r#"is not (its column "{column}")"#,
        r#"不是（其“{column}”列）"#,
    ),
    (r#"is GB18030, as it was read"#, "按 GB18030 读取"),
    (
        r#"it is UTF-8, not GBK or GB18030: its text reads as UTF-8 (row {utf8} the first), and as GB18030 it would be garbled; leave out --encoding gb18030"#,
        "该文件是 UTF-8，不是 GBK 或 GB18030：其文字按 UTF-8 读取正常（首见于第 {utf8} 行），按 GB18030 读取则为乱码；请去掉 --encoding gb18030",
    ),
    (
        r#"expected an offset such as +08:00, +0800 or UTC+8, UTC, or Asia/Shanghai; got "{text}""#,
        r#"应为时区偏移（如 +08:00、+0800 或 UTC+8）、UTC 或 Asia/Shanghai，实际为 "{text}""#,
    ),
    (
        r#"offset "{text}" is out of range"#,
        r#"时区偏移 "{text}" 超出范围"#,
    ),
    (
        r#"offset "{text}" is out of range: offsets run from -14:00 to +14:00"#,
        r#"时区偏移 "{text}" 超出范围：偏移应在 -14:00 到 +14:00 之间"#,
    ),
    (
        r#"this is a spreadsheet workbook (Excel .xlsx or .xls), not text; save the sheet as CSV (File → Save As → CSV UTF-8, or CSV), then fit that file"#,
        "这是电子表格工作簿（Excel .xlsx 或 .xls），不是文本文件；请将工作表另存为 CSV（文件 → 另存为 → CSV UTF-8 或 CSV），再拟合该文件",
    ),
    (
        r#"it is named as XES but is empty: an XES log starts with <?xml or <log; export it again, or give the CSV it came from"#,
        "文件名表明是 XES，但文件为空：XES 事件日志以 <?xml 或 <log 开头；请重新导出，或改用它所来自的 CSV 文件",
    ),
    (
        r#"it is named as XES but does not start with an XML tag: an XES log starts with <?xml or <log; export it again, or give the CSV it came from"#,
        "文件名表明是 XES，但文件不是以 XML 标签开头：XES 事件日志以 <?xml 或 <log 开头；请重新导出，或改用它所来自的 CSV 文件",
    ),
    (
        r#"the class column gives {classes} classes for {cases} cases; a customer class groups many cases (at most {max} classes): name the class column with --class, or leave it out for one class"#,
        "类别列对 {cases} 个工单给出了 {classes} 个类别；一个客户类别应包含许多工单（最多 {max} 个类别）：请用 --class 指定类别列，或去掉该列，全部按一个类别处理",
    ),
    (
        r#"no usable activity in {files}: {rows} rows read, {skipped} skipped (first: {why})"#,
        "{files} 中没有可用的作业：读取 {rows} 行，跳过 {skipped} 行（第一处：{why}）",
    ),
    (
        r#"no usable activity in {files}: {rows} rows read, {skipped} skipped"#,
        "{files} 中没有可用的作业：读取 {rows} 行，跳过 {skipped} 行",
    ),
    (
        r#"case "{case}", activity "{activity}": an exact duplicate of another row"#,
        r#"工单 "{case}"，作业 "{activity}"：与另一行完全重复"#,
    ),
    (
        r#"'{file}' has two columns named "{column}" (columns {first} and {second}), so the label cannot tell which to read; rename or delete one of them"#,
        r#"'{file}' 中有两列都名为 "{column}"（第 {first} 列和第 {second} 列），无法确定作业标签应读取哪一列；请重命名或删除其中一列"#,
    ),
    (
        r#"'{file}' has two columns named "{column}" (columns {first} and {second}), so {flag} cannot tell which to read; rename or delete one of them"#,
        r#"'{file}' 中有两列都名为 "{column}"（第 {first} 列和第 {second} 列），{flag} 无法确定应读取哪一列；请重命名或删除其中一列"#,
    ),
    (
        r#"'{file}': --start and --end both name the column "{column}", which would make every activity take no time; leave --start out and each start is estimated from the end of the work before it"#,
        r#"'{file}'：--start 与 --end 指向同一列 "{column}"，每项作业都将没有时长；请去掉 --start，各作业的开始时间将由其前一项工作的结束时间估计"#,
    ),
    (
        r#"'{file}' has no column "{name}" ({flag}); its columns are: {columns}"#,
        r#"'{file}' 中没有 "{name}" 列（{flag}）；其各列为：{columns}"#,
    ),
    (
        r#"'{file}' has none of the columns {defaults} for {flag}; name the column with {flag} COLUMN (its columns are: {columns})"#,
        "'{file}' 中没有可用于 {flag} 的列（{defaults} 均不存在）；请用 {flag} COLUMN 指定列名（其各列为：{columns}）",
    ),
    (
        r#"cannot read the header row: {why}"#,
        "无法读取表头行：{why}",
    ),
    (
        r#"it is empty: an event log starts with a header row naming its columns, e.g. case_id,activity,start_time,end_time,resource"#,
        "文件为空：事件日志应以列出各列名称的表头行开头，例如 case_id,activity,start_time,end_time,resource",
    ),
    (r#"row {row}: {why}"#, "第 {row} 行：{why}"),
    (
        r#"row {line}, column "{column}": a quote opens a field that takes in the rows after it (it is not closed where the field ends); close the quote or remove it"#,
        r#"第 {line} 行，"{column}" 列：某个字段以引号开头却未在字段结束处闭合，把其后的各行都并入了这个字段；请补上闭合引号，或删去该引号"#,
    ),
    (
        r#". Also {rows} rows not used ({missing} missing a field, {reversed} ending before they start, {misshapen} with more fields than the header), e.g. {examples}"#,
        "。另有 {rows} 行未用（{missing} 行缺字段，{reversed} 行结束早于开始，{misshapen} 行字段比表头多），例如 {examples}",
    ),
    (
        r#"row {line}, column "{column}": "{text}""#,
        r#"第 {line} 行，列 "{column}"："{text}""#,
    ),
    (
        r#"{n} value is not a timestamp: {examples}; expected ISO 8601 such as 2026-03-05T14:02:11+08:00, 2026-03-05 14:02:11, 2026/3/5 14:02 or 2026年3月5日 14:02{why}"#,
        "{n} 个值不是时间戳：{examples}；应为 ISO 8601 格式，如 2026-03-05T14:02:11+08:00、2026-03-05 14:02:11、2026/3/5 14:02 或 2026年3月5日 14:02{why}",
    ),
    (
        r#"{n} values are not a timestamp: {examples}; expected ISO 8601 such as 2026-03-05T14:02:11+08:00, 2026-03-05 14:02:11, 2026/3/5 14:02 or 2026年3月5日 14:02{why}"#,
        "{n} 个值不是时间戳：{examples}；应为 ISO 8601 格式，如 2026-03-05T14:02:11+08:00、2026-03-05 14:02:11、2026/3/5 14:02 或 2026年3月5日 14:02{why}",
    ),
    (
        r#"at byte {at}: {why}; the file is not well-formed XML: export it again"#,
        "第 {at} 字节处：{why}；该文件不是格式正确的 XML：请重新导出",
    ),
    (r#"the logs have {n} problems:"#, "日志有 {n} 处问题："),
    (r#"the log has {n} problems:"#, "日志有 {n} 处问题："),
    (
        r#"'{file}' is not a text file (its first line holds control characters): give the arrival times as a CSV file (UTF-8, UTF-16 or GB18030)"#,
        "'{file}' 不是文本文件（第一行含有控制字符）：请以 CSV 文件（UTF-8、UTF-16 或 GB18030 编码）给出到达时间",
    ),
    (
        r#"it is not a text file (its first line holds control characters): export the log as CSV (UTF-8, UTF-16 or GB18030) or XES"#,
        "这不是文本文件（第一行含有控制字符）：请将日志导出为 CSV（UTF-8、UTF-16 或 GB18030）或 XES",
    ),
    (
        r#"the file ends at byte {at} inside a tag ({why}): it was cut off; export or copy it again"#,
        "文件在第 {at} 字节处于标签中途结束（{why}）：文件不完整，请重新导出或复制",
    ),
    (
        r#"the file ends at byte {at} with {depth} element still open (the last trace read was complete up to there): it was cut off; export or copy it again"#,
        "文件在第 {at} 字节处结束，仍有 {depth} 个元素未闭合（最后读到的轨迹到此为止是完整的）：文件被截断了；请重新导出或复制",
    ),
    (
        r#"the file ends at byte {at} with {depth} elements still open (the last trace read was complete up to there): it was cut off; export or copy it again"#,
        "文件在第 {at} 字节处结束，仍有 {depth} 个元素未闭合（最后读到的轨迹到此为止是完整的）：文件被截断了；请重新导出或复制",
    ),
    (
        r#"'{file}' has no attribute "{name}" ({flag}); the attributes of its traces and events are: {attributes}"#,
        r#"'{file}' 中没有属性 "{name}"（{flag}）；其轨迹和事件的属性有：{attributes}"#,
    ),
    (
        r#"'{file}': a trace without {key}"#,
        "'{file}'：有一条轨迹缺少 {key}",
    ),
    (
        r#"'{file}' trace "{id}": an event without {which}"#,
        r#"'{file}' 轨迹 "{id}"：有一个事件缺少 {which}"#,
    ),
    (
        r#"trace "{trace}", attribute "{attribute}": "{text}""#,
        r#"轨迹 "{trace}"，属性 "{attribute}"："{text}""#,
    ),
    (
        r#"'{file}' trace "{id}": an event at a placeholder date (before 1990 or after 2100), taken as missing"#,
        r#"'{file}' 轨迹 "{id}"：有一个事件的日期是占位日期（早于 1990 年或晚于 2100 年），按缺失处理"#,
    ),
    (
        r#"'{file}' trace "{id}": a "{other}" event of "{activity}" (only start and complete are used)"#,
        r#"'{file}' 轨迹 "{id}"：作业 "{activity}" 有一个 "{other}" 事件（只使用 start 和 complete 事件）"#,
    ),
    (
        r#"'{file}' row {line}: a "{transition}" row of "{a}" (only start and complete are used)"#,
        r#"'{file}' 第 {line} 行：作业 "{a}" 的一行为 "{transition}"（只使用 start 和 complete 行）"#,
    ),
    (
        r#"'{file}': {unpaired} start rows without a completion"#,
        r#"'{file}'：有 {unpaired} 个 start 行没有对应的 complete 行"#,
    ),
    (
        r#"'{file}' trace "{id}": {n} start events without a complete"#,
        r#"'{file}' 轨迹 "{id}"：有 {n} 个 start 事件没有对应的 complete 事件"#,
    ),
    (
        r#"the fitted scenario is not valid ({why}); its text:"#,
        "拟合出的情景无效（{why}）；其文本如下：",
    ),
    (
        r#"'{file}' is one of the logs being fitted; write the scenario and the page to files of their own, e.g. --out fitted.toml"#,
        "'{file}' 是正在拟合的事件日志之一；请把情景和页面分别写入单独的文件，例如 --out fitted.toml",
    ),
    (
        r#"'{file}' is a folder; give a file name"#,
        "'{file}' 是文件夹；请给出文件名",
    ),
    (
        r#"{flag} {file}: there is no folder '{dir}'; create it first, or name a file in an existing folder"#,
        "{flag} {file}：文件夹 '{dir}' 不存在；请先创建该文件夹，或指定已有文件夹中的文件",
    ),
    (
        r#"--report {file} is the scenario file --out names; give the page its own name, e.g. fit.html"#,
        "--report {file} 就是 --out 指定的情景文件；请为页面另取文件名，例如 fit.html",
    ),
    (r#"--timezone: {why}"#, "--timezone：{why}"),
    (r#"--office-timezone: {why}"#, "--office-timezone：{why}"),
    (
        r#"the scenario is written, but checking it would simulate about {cases} cases ({replications} replications), more than the {max} the check holds in memory: use fewer with -r, or run the scenario with expansim run"#,
        "情景已写入，但检验它约需仿真 {cases} 个工单（{replications} 次重复），超过检验可在内存中容纳的 {max} 个：请用 -r 减少重复次数，或用 expansim run 运行该情景",
    ),
    (
        r#"interrupted: the check did not finish; the scenario is written"#,
        "已中断：检验未完成；情景已写入",
    ),
    (
        r#"--out {out} is the shard '{dir}' being merged; write the merged result to a folder of its own, e.g. --out merged"#,
        "--out {out} 就是正在合并的分片 '{dir}'；请把合并结果写入单独的文件夹，例如 --out merged",
    ),
    (
        r#"--set {set} sets the same value, which each point takes from --vary instead: leave out one of them"#,
        "--set {set} 设置的是同一个值，而每个配置都改用 --vary 给出的值：请去掉其中之一",
    ),
    // clap's words in a usage error (src/cli.rs reads them after `error: ` and `tip: `).
    (
        r#"unexpected argument '{arg}' found"#,
        "无法识别的参数 '{arg}'",
    ),
    (
        r#"'{bin}' requires a subcommand but one was not provided"#,
        "'{bin}' 需要一个命令，但没有给出",
    ),
    (r#"[subcommands: {names}]"#, "[可用命令：{names}]"),
    (
        r#"invalid value '{value}' for '{arg}': {why}"#,
        "'{arg}' 的值 '{value}' 无效：{why}",
    ),
    (
        r#"invalid value '{value}' for '{arg}'"#,
        "'{arg}' 的值 '{value}' 无效",
    ),
    (r#"[possible values: {values}]"#, "[可选值：{values}]"),
    (
        r#"{value} is not in {range}"#,
        "{value} 不在允许的范围 {range} 内",
    ),
    (r#"invalid digit found in string"#, "含有数字以外的字符"),
    (r#"number too large to fit in target type"#, "数值过大"),
    // The operating system's words in an error of reading or writing a file.
    (
        r#"No such file or directory (os error 2)"#,
        "文件或文件夹不存在（系统错误 2）",
    ),
    (
        r#"Permission denied (os error 13)"#,
        "没有访问权限（系统错误 13）",
    ),
    (
        r#"Is a directory (os error 21)"#,
        "这是一个文件夹（系统错误 21）",
    ),
    (
        r#"Not a directory (os error 20)"#,
        "这不是文件夹（系统错误 20）",
    ),
    (r#"File exists (os error 17)"#, "文件已存在（系统错误 17）"),
    (
        r#"No space left on device (os error 28)"#,
        "磁盘空间不足（系统错误 28）",
    ),
    (
        r#"Read-only file system (os error 30)"#,
        "文件系统只读（系统错误 30）",
    ),
    (
        r#"Directory not empty (os error 39)"#,
        "文件夹不为空（系统错误 39）",
    ),
    (
        r#"the following required arguments were not provided:"#,
        "缺少以下必需的参数：",
    ),
    (
        r#"unrecognized subcommand '{name}'"#,
        "无法识别的命令 '{name}'",
    ),
    (
        r#"a value is required for '{arg}' but none was supplied"#,
        "'{arg}' 需要一个值，但没有给出",
    ),
    (
        r#"the argument '{arg}' cannot be used multiple times"#,
        "参数 '{arg}' 不能多次给出",
    ),
    (
        r#"the argument '{arg}' cannot be used with '{other}'"#,
        "参数 '{arg}' 不能与 '{other}' 同时使用",
    ),
    (
        r#"a similar subcommand exists: '{name}'"#,
        "有相近的命令：'{name}'",
    ),
    (
        r#"a similar argument exists: '{arg}'"#,
        "有相近的参数：'{arg}'",
    ),
    (
        r#"to pass '{arg}' as a value, use '-- {value}'"#,
        "如要把 '{arg}' 作为值传入，请用 '-- {value}'",
    ),
    (
        r#"For more information, try '--help'."#,
        "更多信息请用 '--help' 查看。",
    ),
];
