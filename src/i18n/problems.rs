//! The catalogue's part for what is wrong with a scenario file, a `--set` or an output
//! folder: the problems the scenario reader lists (by their English text, with `{name}`
//! places, as the reader writes them) and the errors around them, in Chinese.
//! [`Lang::translate`](super::Lang::translate) reads the English back and fills these.

/// English text and its Chinese translation.
pub(super) static PROBLEMS: &[(&str, &str)] = &[
    // The errors that frame them (src/error.rs).
    (
        r#"scenario '{file}' has {n} problems:"#,
        "情景文件 '{file}' 有 {n} 处问题：",
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
        r#"output folder '{dir}' is not empty; choose another with --out, or pass --force to replace the earlier results in it"#,
        "输出文件夹 '{dir}' 不是空的；请用 --out 另选一个，或加 --force 替换其中先前的结果",
    ),
    (
        r#"'{file}' exists already; pass --force to replace it"#,
        "'{file}' 已存在；如要替换，请加 --force",
    ),
    (
        r#"'{path}' cannot be a results folder: it is a file or not a named folder; choose a folder with --out"#,
        "'{path}' 不能作为结果文件夹：它是文件，或不是有名称的文件夹；请用 --out 选择文件夹",
    ),
    (
        r#"output folder '{dir}' holds files expansim did not write ({names}); --force replaces only an earlier results folder: choose another with --out, or move them"#,
        "输出文件夹 '{dir}' 中有不是 expansim 写入的文件（{names}）；--force 只替换先前的结果文件夹：请用 --out 另选一个，或移走这些文件",
    ),
    // The web app's refusals (src/web/lab.rs, src/commands/serve.rs).
    (
        r#""{path}" is not a setting of this page with variant "{variant}", which has no such stage"#,
        r#""{path}" 不是方案 "{variant}" 下本页的设置：该方案没有这个环节"#,
    ),
    (
        r#""{path}" is not a setting of this page; the settings are the pools, arrival rates, hand-off delays and rework probabilities listed"#,
        r#""{path}" 不是本页的设置；可设置的是页面列出的岗位、到达率、流转延迟和返工概率"#,
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
        "敏感性分析约需仿真 {work} 个工单（{runs} 组运行，每组 {reps} 次重复），超过本页单次运行上限 {max}；请减少重复次数",
    ),
    (
        r#"{label}: the scenario has no {route}"#,
        "{label}：情景中没有 {route}",
    ),
    (
        r#"{label}: the other branches have no probability to take from"#,
        "{label}：其他分支已没有可分出的概率",
    ),
    (
        "the server is busy with other runs; press Run again in a minute",
        "服务器正忙于其他运行；请稍等一分钟再按“运行”",
    ),
    ("the server is stopping", "服务器正在停止"),
    // The scenario reader: settings, calendars, pools, classes (src/scenario/parse.rs).
    (
        r#"TOML parse error at line {line_no}, column {column}"#,
        "TOML 解析错误：第 {line_no} 行，第 {column} 列",
    ),
    (
        r#"keys with Chinese (or other non-ASCII) characters must be quoted, e.g. [stages."受理"] and start = "受理"; or use an ASCII key with a label: [stages.accept] label = "受理""#,
        r#"含中文（或其他非 ASCII）字符的键必须加引号，例如 [stages."受理"] 和 start = "受理"；也可以改用 ASCII 键并加标签：[stages.accept] label = "受理""#,
    ),
    (r#"a table"#, "表"),
    (r#"an array"#, "数组"),
    (r#"nothing"#, "无"),
    (r#" (did you mean "{c}"?)"#, r#"（是否应为 "{c}"？）"#),
    (
        r#""{s}" has no unit: write a number and a unit, e.g. "30min", "4h", "3d" or "2wd""#,
        r#""{s}" 缺少单位：请写数字加单位，例如 "30min"、"4h"、"3d" 或 "2wd""#,
    ),
    (
        r#""{s}" is not a time: write a number and a unit, e.g. "30min", "4h", "3d" or "2wd""#,
        r#""{s}" 不是时间：请写数字加单位，例如 "30min"、"4h"、"3d" 或 "2wd""#,
    ),
    (
        r#""{num}" in "{s}" is not a number: write a number and a unit, e.g. "30min", "4h", "3d" or "2wd""#,
        r#""{s}" 中的 "{num}" 不是数字：请写数字加单位，例如 "30min"、"4h"、"3d" 或 "2wd""#,
    ),
    (
        r#""{s}" is negative: times must be 0 or more"#,
        r#""{s}" 为负数：时间必须大于或等于 0"#,
    ),
    (
        r#"unknown unit "{other}" in "{s}"; use min, h, d or wd (e.g. "30min", "4h", "3d", "2wd")"#,
        r#""{s}" 中的单位 "{other}" 无法识别；请使用 min、h、d 或 wd（例如 "30min"、"4h"、"3d"、"2wd"）"#,
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
        r#"expected a date as "YYYY-MM-DD", got {got} (write "{date}")"#,
        r#"应为 "YYYY-MM-DD" 格式的日期，实际为 {got}（应写作 "{date}"）"#,
    ),
    (
        r#"expected the years whose holidays the calendar lists, such as 2026 or [2026, 2027], got {got}"#,
        "应为日历所列节假日覆盖的年份，如 2026 或 [2026, 2027]，实际为 {got}",
    ),
    (
        r#""{file}" is not valid TOML: {why}"#,
        r#""{file}" 不是有效的 TOML：{why}"#,
    ),
    (
        r#"expected a weekday ({weekdays}), got {got}"#,
        "应为星期（{weekdays}），实际为 {got}",
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
        r#"unknown time unit "{u}"{hint}; use "minute", "hour" or "day""#,
        r#"未知的时间单位 "{u}"{hint}；请使用 "minute"、"hour" 或 "day""#,
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
    (r#"missing `replications`"#, "缺少 `replications`"),
    (
        r#"must be a whole number >= 0, got {got}"#,
        "必须为 >= 0 的整数，实际为 {got}",
    ),
    (r#"missing `seed`"#, "缺少 `seed`"),
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
        "请给出 `size`（相同的人员）或 `members`（分组）之一，不能同时给出",
    ),
    (
        r#"missing `size` (or `members = {example}`)"#,
        "缺少 `size`（或 `members = {example}`）",
    ),
    (
        r#"expected "fastest" (the fastest free member, then the one free longest) or "longest_idle", got {got}"#,
        r#"应为 "fastest"（最快的空闲人员，其次是空闲最久的人员）或 "longest_idle"，实际为 {got}"#,
    ),
    (
        r#"must be a share of working time in [{min}, 1], got {got}"#,
        "必须为工作时间占比，取值范围 [{min}, 1]，实际为 {got}",
    ),
    (
        r#"must be a yearly cost of training and incentives >= 0, got {got}"#,
        "必须为 >= 0 的年度培训与激励成本，实际为 {got}",
    ),
    (
        r#"must be a cost per staff member per year >= 0, got {got}"#,
        "必须为 >= 0 的每名人员年成本，实际为 {got}",
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
        r#"岗位 "{name}" 的工作时间或可用率与 "{home}" 不同；同时为两个岗位工作的人员要求两者的 `calendar` 和 `availability` 相同"#,
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
        r#"must be a positive {why} (1 = the stage as written), at most 100, got {got}"#,
        "必须为正的{why}（1 = 与环节设定相同），不超过 100，实际为 {got}",
    ),
    (
        r#"speed: work done per hour relative to the stage's duration"#,
        "速度，即相对于环节时长每小时完成的工作量",
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
        r#"应为这些人员还兼顾的其他岗位，如 ["checker"]，实际为 {got}"#,
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
        "回放的到达记录本身已给出到达：请去掉 `arrival_rate`、`arrival`、`arrival_calendar` 和各项系数（profile）",
    ),
    (
        r#"a statutory limit needs its unit: write "{x}wd" for working days (the statutory clock), or "{elapsed}" for elapsed time"#,
        r#"法定时限需要写明单位：按工作日（法定时钟）写作 "{x}wd"，按日历时间写作 "{elapsed}""#,
    ),
    (
        r#"a statutory limit needs its unit: write "{elapsed}" for elapsed time, or set a scenario calendar and write "{x}wd" for working days"#,
        r#"法定时限需要写明单位：按日历时间写作 "{elapsed}"；或设置情景日历后按工作日写作 "{x}wd""#,
    ),
    (r#"must be positive, got {got}"#, "必须为正数，实际为 {got}"),
    (
        r#"must be a whole number (higher is served first), got {got}"#,
        "必须为整数（数值越大越优先办理），实际为 {got}",
    ),
    (
        r#"`arrival_calendar` and the profiles shape Poisson arrivals: give `arrival_rate` instead of an inter-arrival distribution"#,
        "`arrival_calendar` 和各项系数（profile）用于调整泊松到达：请给出 `arrival_rate`，而不是到达间隔分布",
    ),
    (
        r#"expected a calendar's name, got {got}"#,
        "应为日历名称，实际为 {got}",
    ),
    (r#"Monday to Sunday"#, "周一至周日"),
    (r#"January to December"#, "一月至十二月"),
    (
        r#"missing: give the Poisson rate the profiles and calendar shape (`arrival_rate`)"#,
        "缺失：请给出由各项系数和日历调整的泊松到达率（`arrival_rate`）",
    ),
    (
        r#"expected arrivals per open hour (a number, or "3/h"), or per working day ("12/wd"), at most {max} per time unit, got {got}"#,
        r#"应为每个营业小时的到达数（数字或 "3/h"）或每个工作日的到达数（"12/wd"），每时间单位不超过 {max}，实际为 {got}"#,
    ),
    (
        r#"expected a positive number of arrivals per time unit ("/wd" and "/h" rates need `arrival_calendar`), at most {max} per time unit, got {got}"#,
        r#"应为每时间单位的正到达数（"/wd" 和 "/h" 形式的到达率需要 `arrival_calendar`），每时间单位不超过 {max}，实际为 {got}"#,
    ),
    (
        r#"the weekday and month profiles leave no day with arrivals; give some day a positive multiplier"#,
        "星期和月份系数使得没有任何一天有到达；请为某些日子设置正的系数",
    ),
    (r#"{count} values: {v}"#, "{count} 个值：{v}"),
    (
        r#"expected {n} multipliers of the arrival rate ({why}), each 0 or more, such as [{example}], got {got}"#,
        "应为 {n} 个到达率乘数（{why}），每个大于或等于 0，如 [{example}]，实际为 {got}",
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
    (r#"save it as UTF-8"#, "请将其另存为 UTF-8"),
    (
        r#"row {row}, column `{column}`: "{text}" is not a timestamp such as 2026-03-05 14:02:11"#,
        r#"第 {row} 行，`{column}` 列："{text}" 不是时间戳（如 2026-03-05 14:02:11）"#,
    ),
    (
        r#"'{name}': {rows} rows of classes the scenario does not have ({classes}); add them under [[classes]] or leave the rows out"#,
        "'{name}'：有 {rows} 行属于情景中没有的类别（{classes}）；请在 [[classes]] 下添加这些类别，或删去这些行",
    ),
    (r#"and {more} more"#, "另有 {more} 处"),
    (
        r#"'{name}': {early} arrivals before the start date {date}; set `scenario.start_date` to the trace's first day"#,
        "'{name}'：有 {early} 个到达早于开始日期 {date}；请将 `scenario.start_date` 设为该记录的第一天",
    ),
    (
        r#"'{name}' has no arrivals with {column} = "{n}""#,
        r#"'{name}' 中没有 {column} = "{n}" 的到达"#,
    ),
    (r#"'{name}' has no arrivals"#, "'{name}' 中没有到达"),
    (r#"time unit"#, "时间单位"),
    (
        r#"must be a positive number of arrivals per {unit}, at most {max}, got {got}"#,
        "必须为每{unit}的正到达数，不超过 {max}，实际为 {got}",
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
        "环节只能是以下之一：有人员作业（`pool = ...`）、`external = true` 或 `handoff = true`；只能给出一种",
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
        r#"不支持在并行分支内（"{fork}" 处的并行分支）再设并行分支；请将各分支展平为一个并行分支"#,
    ),
    (
        r#"this stage is inside a parallel branch of the fork at "{fork}" but can route to "end" without reaching the join {join_name}; route it to the join"#,
        r#"此环节位于 "{fork}" 处并行分支的分支内，却可以不经汇合环节 {join_name} 直接去向 "end"；请将其去向设为汇合环节"#,
    ),
    (
        r#"routes of forks and of stages inside parallel branches cannot differ by class"#,
        "并行分支环节及其分支内环节的去向不能按类别设置不同",
    ),
    (
        r#"stage is inside the branches of two forks ("{other_name}" and "{fork}"); each stage may belong to one fork"#,
        r#"环节同时位于两个并行分支（"{other_name}" 和 "{fork}"）的分支内；每个环节只能属于一个并行分支"#,
    ),
    (
        r#"routes into "{target}", which is inside a parallel branch of the fork at "{fork}"; a branch can only be entered through its fork"#,
        r#"去向为 "{target}"，但它位于 "{fork}" 处并行分支的分支内；分支只能经由其所属的并行分支进入"#,
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
        r#"quality {quality} sends every case back at "{stage}" (rework probability {rework} × {quality} ≥ 1), so none would ever leave; give a quality below {below}"#,
        r#"质量系数 {quality} 会使每个工单都在 "{stage}" 被退回（返工概率 {rework} × {quality} ≥ 1），因而没有工单能够离开；请给出小于 {below} 的质量系数"#,
    ),
    (
        r#"`{param}` must be a positive finite number, got {value}"#,
        "`{param}` 必须是有限的正数，实际为 {value}",
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
        r#"invalid period '{text}': write hh:mm-hh:mm with the end later than the start, e.g. 08:30-12:00"#,
        "无效的时段 '{text}'：请按 hh:mm-hh:mm 书写，结束须晚于开始，例如 08:30-12:00",
    ),
    (
        r#"period {period} on {day} does not end after it starts: make the end later than the start"#,
        "{day} 的时段 {period} 结束时间不晚于开始时间：请使结束晚于开始",
    ),
    (
        r#"period {period} on {day} ends after 24:00: end it at 24:00 at the latest"#,
        "{day} 的时段 {period} 在 24:00 之后才结束：最晚应在 24:00 结束",
    ),
    (
        r#"period {period} overlaps {previous} on {day}: make the periods disjoint"#,
        "{day} 的时段 {period} 与 {previous} 重叠：请使各时段互不重叠",
    ),
    (
        r#"period {period} starts before {previous} on {day}: list the periods in time order"#,
        "{day} 的时段 {period} 早于 {previous} 开始：请按时间顺序列出各时段",
    ),
    (
        r#"the week has no open time: give at least one weekday an open period"#,
        "一周内没有营业时间：请至少为一个星期几设置营业时段",
    ),
    (
        r#"{date} is both a holiday and a make-up day: remove it from one of the two lists"#,
        "{date} 同时被列为节假日和调休上班日：请从两个列表之一中删除",
    ),
    (
        r#"make-up day {date} has no open periods: set makeup_periods or give a weekday from monday to friday open periods"#,
        "调休上班日 {date} 没有营业时段：请设置 makeup_periods，或为 monday 至 friday 中的某一天设置营业时段",
    ),
    (
        r#"horizon {horizon} min is invalid: give a number of minutes >= 0"#,
        "仿真期 {horizon} min 无效：请给出 >= 0 的分钟数",
    ),
    // Redesign operators, `--set` and loading (src/scenario/variant.rs, set.rs, mod.rs).
    (
        r#"no variant named "{name}"; variants: none"#,
        r#"没有名为 "{name}" 的方案；现有方案：无"#,
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
        r#"it is not UTF-8 text ({why}); save it as UTF-8"#,
        "文件不是 UTF-8 文本（{why}）；请将其另存为 UTF-8 编码",
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
        r#"`{walked}` has no `{key}`{hint}; it has: {keys}"#,
        "`{walked}` 下没有 `{key}`{hint}；现有：{keys}",
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
        r#"`{walked}` is {kind}, which has no part `{part}`"#,
        "`{walked}` 是 {kind}，其中没有 `{part}` 这一部分",
    ),
    (
        r#"{walked} has {others} members in the groups after its first; its size can be set to {min} or more (set a group with {walked}.members[1].count=N)"#,
        "{walked} 在第一组之后的各组中共有 {others} 名人员；其规模只能设为 {min} 或以上（单独设置某一组请用 {walked}.members[1].count=N）",
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
        r#"方案执行到此处时没有名为 "{stage}" 的环节{hint}；现有环节：{stages}"#,
    ),
    (
        r#"no class named "{class}"{hint}; classes: {classes}"#,
        r#"没有名为 "{class}" 的类别{hint}；现有类别：{classes}"#,
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
        r#"方案 "{name}" 扩展了它自身（经由 {chain}）；请消除此循环"#,
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
        "应为每名受训人员的年度成本，>= 0，实际为 {got}",
    ),
    (
        r#""{to}" is also `from`: training moves members to another group"#,
        r#""{to}" 与 `from` 相同：培训是把人员转到另一个组"#,
    ),
    (
        r#"no pool named "{pool}" with member groups{hint}; pools: {pools}"#,
        r#"没有名为 "{pool}" 且分人员组的岗位{hint}；现有岗位：{pools}"#,
    ),
    (
        r#"pool "{pool}" has no member groups to train between: give it `{example}`"#,
        r#"岗位 "{pool}" 没有可在其间培训转组的人员组：请为它设置 `{example}`"#,
    ),
    (
        r#"pool "{pool}" has no member group labelled "{name}"{hint}; its groups: {groups}"#,
        r#"岗位 "{pool}" 没有标签为 "{name}" 的人员组{hint}；其人员组：{groups}"#,
    ),
    (
        r#"pool "{pool}" has {have} members labelled "{from}", fewer than the {count} to train"#,
        r#"岗位 "{pool}" 中标签为 "{from}" 的人员只有 {have} 名，少于要培训的 {count} 名"#,
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
];
