// The waimao dashboard: pickers, headline cards, charts, bulletin and a breakdown table, all from the JSON API.
"use strict";

(() => {
  const I18N = {
    zh: {
      title: "外贸数据看板", region: "地区", period: "时期", currency: "币种", bulletin: "新闻稿", table: "分类数据表",
      by: "分类", flow: "流向", top: "显示", csv: "下载 CSV", all: "全部", loading: "加载中…",
      footer: "数据来自 waimao 数据仓库", no_chart: "本期无此图表数据", no_rows: "无数据",
      synthetic: "演示数据：按公开数据校准的合成数据，并非真实海关记录。",
      card_total: "进出口总值", card_export: "出口", card_import: "进口", card_balance: "贸易差额",
      card_growth: "进出口增速", card_rank: "增速排名",
      kinds: { partner: "贸易伙伴", partner_group: "伙伴组别", product_group: "商品类别", product: "商品",
               region: "地区", enterprise_type: "企业性质", trade_mode: "贸易方式" },
      flows: { total: "进出口", export: "出口", import: "进口" },
      columns: { member: "名称", value: "金额", growth: "同比%", share_pct: "占比%",
                 share_change_pp: "占比变化(百分点)", pull_pp: "拉动(百分点)" },
      first_time: "新增", of_which: "其中：", rank_of: (n) => `第${n}位`, error: "出错：", currencies: { CNY: "人民币", USD: "美元" },
      plan: "平台下载清单", plan_help: "在海关统计数据在线查询平台按下表逐项查询（勾选分月展示），按“保存为”命名文件后用 waimao ingest 载入。",
      plan_columns: ["流向", "时期", "分组字段", "注册地", "行数", "状态", "保存为"],
      plan_status: { loaded: "已载入", partly: "部分载入", missing: "未载入" }, all_provinces: "全国各省",
      optional: "（可选）",
    },
    en: {
      title: "Foreign trade dashboard", region: "Region", period: "Period", currency: "Currency", bulletin: "Bulletin",
      table: "Breakdown table", by: "By", flow: "Flow", top: "Show", csv: "Download CSV", all: "all",
      loading: "Loading…", footer: "Data from the waimao warehouse", no_chart: "No data for this chart",
      no_rows: "No data", synthetic: "Demo data: synthetic, calibrated to published figures, not real customs records.",
      card_total: "Total trade", card_export: "Exports", card_import: "Imports", card_balance: "Balance",
      card_growth: "Growth of trade", card_rank: "Growth rank",
      kinds: { partner: "Partner", partner_group: "Partner group", product_group: "Product group",
               product: "Product", region: "Region", enterprise_type: "Enterprise type", trade_mode: "Trade mode" },
      flows: { total: "Total", export: "Exports", import: "Imports" },
      columns: { member: "Name", value: "Value", growth: "y/y %", share_pct: "Share %",
                 share_change_pp: "Share change (pp)", pull_pp: "Pull (pp)" },
      first_time: "new", of_which: "of which: ", rank_of: (n) => `#${n}`, error: "Error: ", currencies: { CNY: "CNY", USD: "USD" },
      plan: "Platform download checklist",
      plan_help: "Make each query on the customs statistics platform (tick monthly display), save it under the name given and load it with waimao ingest.",
      plan_columns: ["Flow", "Months", "Group by", "Region", "Rows", "Status", "Save as"],
      plan_status: { loaded: "loaded", partly: "partly loaded", missing: "missing" }, all_provinces: "every province",
      optional: " (optional)",
    },
  };
  const UNIT_EN = { "亿元": "100m yuan", "万元": "10k yuan", "元": "yuan",
                    "亿美元": "100m US dollars", "万美元": "10k US dollars", "美元": "US dollars" };
  const BASE_UNITS = { "亿元": 1e8, "万元": 1e4, "元": 1, "亿美元": 1e8, "万美元": 1e4, "美元": 1 };
  const FORMAT_LABELS = { docx: "Word", xlsx: "Excel", md: "Markdown", html: "HTML" };
  const KINDS = ["partner", "partner_group", "product_group", "region", "enterprise_type", "trade_mode", "product"];
  const TOPS = ["10", "20", "50", ""];

  const query = new URLSearchParams(location.search);
  const state = {
    lang: document.body.dataset.lang === "en" ? "en" : "zh",
    region: query.get("region") || "",
    period: query.get("period") || "",
    by: KINDS.includes(query.get("by")) ? query.get("by") : "partner",
    flow: ["total", "export", "import"].includes(query.get("flow")) ? query.get("flow") : "total",
    top: TOPS.includes(query.get("top")) ? query.get("top") : "20",
    currency: ["CNY", "USD"].includes(query.get("currency")) ? query.get("currency") : "",
  };
  let regions = [], periods = [], currencies = [], subjectFigures = [], release = null, breakdownFigures = [];
  let groupParent = new Map();  // product group -> the group it is a 其中 item of (/product-groups)
  let generation = 0, tableGeneration = 0;
  const charts = {};
  const $ = (sel) => document.querySelector(sel);
  const t = (key) => I18N[state.lang][key];

  class ApiError extends Error {}

  async function getJSON(path, params) {
    const url = params ? `${path}?${new URLSearchParams(params)}` : path;
    const response = await fetch(url, { headers: { Accept: "application/json" } });
    const body = await response.json().catch(() => null);
    if (!response.ok) {
      const detail = body && body.detail;
      const text = Array.isArray(detail) ? detail.map((d) => d.msg).join("; ") : detail || response.statusText;
      throw new ApiError(text);
    }
    return body;
  }

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (key === "text") node.textContent = value;
      else node.setAttribute(key, value === true ? "" : value);
    }
    for (const child of children) if (child !== null && child !== undefined) node.append(child);
    return node;
  }

  function setStatus(text, error) {
    const status = $("#status");
    status.textContent = text || "";
    status.classList.toggle("error", Boolean(error));
  }

  // -- formatting ---------------------------------------------------------------------------------------

  function fixed(value, digits) {
    return Number(value).toLocaleString(state.lang === "zh" ? "zh-CN" : "en-US",
      { minimumFractionDigits: digits, maximumFractionDigits: digits });
  }

  function unitLabel(unit) {
    return state.lang === "zh" ? unit : UNIT_EN[unit] || unit;
  }

  function wording(figure) {
    return figure ? (state.lang === "zh" ? figure.text : figure.text_en || figure.text) : "";
  }

  function growthPct(find) {
    const pct = find("yoy_pct");
    if (pct) return pct.value;
    const times = find("yoy_times");
    return times ? times.value * 100 : null;
  }

  // -- pickers ------------------------------------------------------------------------------------------

  function fillPickers() {
    const region = $("#region");
    region.replaceChildren(...regions.map((r) => el("option", {
      value: r.code, text: (r.level === "province" || r.level === "nation" ? "" : "\u3000".repeat(r.level === "zone" ? 2 : 1))
        + (state.lang === "zh" ? r.short_zh || r.name_zh : r.name_en),
    })));
    region.value = state.region;
    const period = $("#period");
    period.replaceChildren(...periods.map((p) => el("option", {
      value: p.period, text: state.lang === "zh" ? p.label_zh : p.label_en,
    })));
    period.value = state.period;
    $("#by").replaceChildren(...KINDS.map((k) => el("option", { value: k, text: t("kinds")[k] })));
    $("#by").value = state.by;
    $("#flow").replaceChildren(...Object.entries(t("flows")).map(([k, v]) => el("option", { value: k, text: v })));
    $("#flow").value = state.flow;
    $("#top").replaceChildren(...TOPS.map((n) => el("option", { value: n, text: n || t("all") })));
    $("#top").value = state.top;
    const currency = $("#currency");
    currency.replaceChildren(...currencies.map((c) => el("option", { value: c, text: t("currencies")[c] || c })));
    currency.value = state.currency;
    currency.closest("label").hidden = currencies.length < 2;
  }

  function subjectParams(extra) {
    const params = { region: state.region, period: state.period, ...extra };
    if (state.currency) params.currency = state.currency;
    return params;
  }

  function relabel() {
    document.documentElement.lang = state.lang === "zh" ? "zh-CN" : "en";
    document.body.dataset.lang = state.lang;
    document.title = t("title");
    for (const node of document.querySelectorAll("[data-i18n]")) node.textContent = t(node.dataset.i18n);
    const button = $("#lang");
    button.textContent = state.lang === "zh" ? "English" : "中文";
    button.lang = state.lang === "zh" ? "en" : "zh";
  }

  function remember() {
    const params = new URLSearchParams({ lang: state.lang, ...subjectParams() });
    history.replaceState(null, "", `?${params}`);
  }

  // -- headline cards -----------------------------------------------------------------------------------

  function renderCards() {
    const find = (flow, metric) => subjectFigures.find((f) => f.flow === flow && f.metric === metric
      && f.period === state.period) || subjectFigures.find((f) => f.flow === flow && f.metric === metric);
    const card = (name, big, unit, lines, tone) => {
      const node = $(`[data-card="${name}"]`);
      const value = node.querySelector(".big");
      value.replaceChildren(...[big ?? "—", unit ? el("small", { text: unit }) : null].filter(Boolean));
      value.className = `big ${tone || ""}`;
      node.querySelector(".sub").replaceChildren(...lines.filter(Boolean).map((line) => el("div", { text: line })));
    };
    for (const flow of ["total", "export", "import"]) {
      const value = find(flow, "value");
      const growth = find(flow, "yoy_pct") || find(flow, "yoy_times") || find(flow, "first_time");
      card(flow, value ? fixed(value.value, 1) : null, value ? unitLabel(value.unit) : "", [wording(value), wording(growth)]);
    }
    const balance = find("balance", "value");
    card("balance", balance ? fixed(balance.value, 1) : null, balance ? unitLabel(balance.unit) : "", [wording(balance)]);
    const pct = growthPct((metric) => find("total", metric));
    card("growth", pct === null ? null : `${pct > 0 ? "+" : ""}${fixed(pct, 1)}`, pct === null ? "" : "%",
      [wording(find("total", "yoy_change_pp")), wording(find("total", "gap_pp")), wording(find("total", "growth_gap_pp"))],
      pct === null ? "" : pct >= 0 ? "up" : "down");
    const rank = find("total", "rank");
    card("rank", rank ? t("rank_of")(rank.value) : null, "", [wording(rank), wording(find("total", "value_rank"))]);
  }

  // -- charts -------------------------------------------------------------------------------------------

  // The rules of the report charts (waimao/reports/echarts.py, docs/bulletin.md "Charts"), drawn here from
  // /release's chart data: a line joins one thing over time only (the monthly trend); growth across
  // categories (products, regions) is a dot per category in a panel of its own beside the bars, each
  // axis its own and through zero; falls are coloured apart from rises; category names wrap, never cut
  // (the tooltip names the category in full); the legend lists the series drawn, none for a single one.
  const RISE = "#c0392b", FALL = "#2e7d32", LINE = "#5b5b5b";
  const PALETTE = ["#1f5fa8", "#e07b39", "#2e9d6a", "#c23b3b", "#7a5ab5", "#3aa6b9", "#c9a227", "#8c6d5a"];

  const isGrowth = (s) => s.axis === 1 || s.kind === "dot" || s.kind === "line";
  const drawn = (s) => s.values.some((v) => v !== null && v !== undefined);

  // min, max and interval of an axis through zero with at most `count` steps of 1, 2, 2.5 or 5 × 10ⁿ
  // (echarts.nice_ticks): a narrow panel then shows every label, evenly spaced
  function niceTicks(values, count) {
    const finite = values.filter((v) => v !== null && v !== undefined);
    const lo = Math.min(0, ...finite), hi = Math.max(0, ...finite);
    const span = (hi - lo) || 1;
    const power = 10 ** Math.floor(Math.log10(span / count));
    const steps = [1, 2, 2.5, 5, 10, 20].map((m) => m * power);
    let step = steps.find((x) => x * count >= span);
    while (Math.ceil(hi / step - 1e-9) - Math.floor(lo / step + 1e-9) > count) step = steps.find((x) => x > step);
    return { min: Math.floor(lo / step + 1e-9) * step, max: Math.ceil(hi / step - 1e-9) * step, interval: step };
  }

  function chartOption(chart) {
    const tooltipValue = (unit) => (value) => (value === null || value === undefined ? "—"
      : `${fixed(value, unit === "%" ? 1 : 2)} ${unit === "%" ? "%" : unitLabel(unit)}`);
    if (chart.series.length && chart.series[0].kind === "pie") {
      const series = chart.series[0];
      return {
        animation: false,
        tooltip: { trigger: "item", valueFormatter: tooltipValue("%") },
        legend: { type: "scroll", bottom: 0 },
        series: [{
          type: "pie", name: series.name, radius: ["35%", "65%"], center: ["50%", "45%"],
          label: { formatter: "{b}\n{d}%" },
          data: chart.categories.map((name, i) => ({ name, value: series.values[i] }))
            .filter((d) => d.value !== null && d.value > 0),
        }],
      };
    }
    const shown = chart.series.filter(drawn);
    const money = shown.filter((s) => !isGrowth(s)), growth = shown.filter(isGrowth);
    const panels = chart.horizontal && money.length > 0 && growth.length > 0;
    const top = shown.length > 1 ? 56 : 36;
    const valueAxis = (name, extra) => ({ type: "value", scale: false, name, axisLabel: { hideOverlap: true },
                                          ...extra });
    const categoryAxis = (extra) => ({
      type: "category", data: chart.categories, inverse: chart.horizontal,
      axisLabel: { interval: 0, rotate: !chart.horizontal && chart.categories.length > 4 ? 30 : 0,
                   width: chart.horizontal ? 120 : 90, overflow: "break" },
      ...extra,
    });
    const series = shown.map((s) => {
      // a line only for a time series; growth across categories is markers, whatever the data call it
      const type = s.kind === "line" && !chart.horizontal ? "line" : isGrowth(s) ? "scatter" : "bar";
      const data = isGrowth(s)
        ? s.values.map((v) => (v === null ? null : { value: v, itemStyle: { color: v < 0 ? FALL : RISE } }))
        : s.values;
      const style = type === "line" ? { symbolSize: 7, connectNulls: false, lineStyle: { color: LINE },
                                        itemStyle: { color: LINE } }
        : type === "scatter" ? { symbol: "diamond", symbolSize: 10, itemStyle: { color: RISE } }
          : { barMaxWidth: 36 };
      const index = panels ? (isGrowth(s) ? 1 : 0) : (money.length && isGrowth(s) ? 1 : 0);
      return { type, name: s.name, data, ...style, tooltip: { valueFormatter: tooltipValue(s.unit) },
               ...(chart.horizontal ? { xAxisIndex: index, yAxisIndex: panels ? index : 0 }
                 : { yAxisIndex: index }) };
    });
    const option = {
      animation: false, color: PALETTE,
      legend: { top: 0, type: "scroll", data: shown.map((s) => s.name), show: shown.length > 1 },
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" }, confine: true },
      series,
    };
    const moneyName = money.length ? unitLabel(money[0].unit) : "%";
    const growthName = state.lang === "zh" ? "同比（%）" : "y/y (%)";
    if (chart.horizontal) {
      const label = { fontSize: 10, showMinLabel: true, showMaxLabel: true, hideOverlap: true };
      const xAxis = [valueAxis(moneyName, { gridIndex: 0, nameLocation: "middle", nameGap: 26,
        ...(panels ? { axisLabel: label, ...niceTicks(money.flatMap((s) => s.values), 2) } : {}) })];
      const yAxis = [categoryAxis({ gridIndex: 0 })];
      const grid = [{ top, left: 8, right: panels ? "45%" : 24, bottom: 28, containLabel: true }];
      if (panels) {
        xAxis.push(valueAxis(growthName, { gridIndex: 1, nameLocation: "middle", nameGap: 26, axisLabel: label,
                                           ...niceTicks(growth.flatMap((s) => s.values), 3) }));
        yAxis.push(categoryAxis({ gridIndex: 1, axisLabel: { show: false }, axisTick: { show: false } }));
        grid.push({ top, left: "66%", right: 28, bottom: 28, containLabel: true });
      }
      return { ...option, grid, xAxis, yAxis };
    }
    const yAxis = [valueAxis(moneyName, { nameTextStyle: { align: "left" } })];
    if (money.length && growth.length) {
      yAxis.push(valueAxis(growthName, { position: "right", alignTicks: true, splitLine: { show: false },
        axisLabel: { formatter: "{value}%", hideOverlap: true }, nameTextStyle: { align: "right" } }));
    }
    return { ...option, grid: { top, left: 8, right: 8, bottom: 8, containLabel: true },
             xAxis: categoryAxis({}), yAxis };
  }

  function renderCharts() {
    const byName = Object.fromEntries((release ? release.charts : []).map((c) => [c.name, c]));
    for (const figure of document.querySelectorAll("[data-chart]")) {
      const name = figure.dataset.chart;
      const chart = byName[name];
      const plot = figure.querySelector(".plot");
      figure.querySelector("figcaption").textContent = chart ? chart.title : "";
      figure.querySelector(".empty").hidden = Boolean(chart);
      plot.hidden = !chart;
      figure.dataset.rendered = "false";
      if (!chart) {
        if (charts[name]) { charts[name].dispose(); delete charts[name]; }
        continue;
      }
      charts[name] = charts[name] || echarts.init(plot, null, { renderer: "canvas" });
      charts[name].setOption(chartOption(chart), true);
      charts[name].resize();
      figure.dataset.rendered = "true";
    }
  }

  // -- bulletin -----------------------------------------------------------------------------------------

  function reportLink(fmt) {
    return `/report?${new URLSearchParams(subjectParams({ lang: state.lang, fmt }))}`;
  }

  function renderBulletin() {
    const article = $("#bulletin-text");
    article.lang = state.lang === "zh" ? "zh-CN" : "en";
    if (!release) {
      article.replaceChildren();
      $("#notes").replaceChildren();
      $("#downloads").replaceChildren();
      return;
    }
    article.replaceChildren(el("h3", { text: release.title }), ...release.sections.flatMap((section) => [
      section.title ? el("h4", { text: section.title }) : null,
      ...section.paragraphs.map((p) => el("p", { text: p })),
    ].filter(Boolean)));
    $("#notes").replaceChildren(...release.notes.map((n) => el("li", { text: n })));
    const offered = ["docx", "xlsx", ...release.formats.filter((f) => f !== "docx" && f !== "xlsx")];
    $("#downloads").replaceChildren(...offered.map((fmt) => release.formats.includes(fmt)
      ? el("a", { class: "button", href: reportLink(fmt), download: true, "data-format": fmt, text: FORMAT_LABELS[fmt] || fmt })
      : el("span", { class: "button", "aria-disabled": "true", "data-format": fmt, text: FORMAT_LABELS[fmt] || fmt })));
  }

  // -- download checklist -------------------------------------------------------------------------------

  async function loadPlan() {
    const region = regions.find((r) => r.code === state.region);
    const panel = $("#plan");
    panel.hidden = !region || !["province", "nation"].includes(region.level);
    if (panel.hidden) return;
    let queries = [];
    try {
      queries = await getJSON("/plan", subjectParams());
    } catch (error) {
      panel.hidden = true;
      return;
    }
    const flows = t("flows");
    const head = el("tr", null, ...t("plan_columns").map((c) => el("th", { text: c })));
    const body = queries.map((q) => el("tr", { "data-status": q.status }, ...[
      flows[q.flow], q.months, q.fields_zh, q.region === null ? t("all_provinces") : regionName(q.region),
      `${q.estimated_from === "reference" ? "≤" : "≈"}${fixed(q.rows, 0)}`,
      t("plan_status")[q.status] + (q.optional ? t("optional") : ""), q.file_name,
    ].map((text) => el("td", { text }))));
    $("#plan-table").replaceChildren(el("thead", null, head), el("tbody", null, ...body));
  }

  function regionName(code) {
    const region = regions.find((r) => r.code === code);
    return region ? (state.lang === "zh" ? region.name_zh : region.name_en) : code;
  }

  // -- breakdown table ----------------------------------------------------------------------------------

  function breakdownParams(extra) {
    const params = subjectParams({ by: state.by, flow: state.flow, ...extra });
    if (state.top) params.top = state.top;
    return params;
  }

  function renderTable() {
    const columns = ["value", "growth", "share_pct", "share_change_pp", "pull_pp"];
    const rows = new Map();
    for (const f of breakdownFigures) {
      if (!f.breakdown || f.period !== state.period) continue;
      const row = rows.get(f.breakdown.name) || { name: f.breakdown.name, cells: {} };
      row.cells[f.metric] = f;
      rows.set(f.breakdown.name, row);
    }
    const yuanOf = (row) => (row.cells.value ? convert(row.cells.value, "base") : -Infinity);
    const byValue = [...rows.values()].sort((a, b) => yuanOf(b) - yuanOf(a) || a.name.localeCompare(b.name));
    const ordered = state.by === "product_group" ? nested(byValue, rows) : byValue;
    const unit = ordered.map((r) => r.cells.value && r.cells.value.unit).find(Boolean);
    const labels = t("columns");
    const head = el("tr", null, el("th", { text: labels.member }), ...columns.map((c) => el("th", {
      text: c === "value" && unit ? `${labels.value} (${unitLabel(unit)})` : labels[c],
    })));
    const cell = (row, column) => {
      if (column === "growth") {
        const pct = growthPct((metric) => row.cells[metric]);
        if (pct === null) return row.cells.first_time ? t("first_time") : "—";
        return fixed(pct, 1);
      }
      const figure = row.cells[column];
      if (!figure) return "—";
      return fixed(column === "value" && figure.unit !== unit ? convert(figure, unit) : figure.value, column === "value" ? 2 : 1);
    };
    const body = ordered.length
      ? ordered.map((row) => el("tr", row.level ? { "data-level": String(row.level) } : null,
          el("td", { text: row.level ? t("of_which") + row.name : row.name }),
          ...columns.map((c) => el("td", { text: cell(row, c) }))))
      : [el("tr", null, el("td", { colspan: String(columns.length + 1), text: t("no_rows") }))];
    $("#table").replaceChildren(el("thead", null, head), el("tbody", null, ...body));
    $("#csv").href = `/figures?${new URLSearchParams(breakdownParams({ format: "csv" }))}`;
  }

  // Product groups as a tree: each row right after the nearest of its ancestors shown (其中), at one more level.
  function nested(byValue, rows) {
    const shownParent = (name) => {
      for (let p = groupParent.get(name); p; p = groupParent.get(p)) if (rows.has(p)) return p;
      return null;
    };
    const under = new Map();
    for (const row of byValue) {
      const parent = shownParent(row.name);
      if (!under.has(parent)) under.set(parent, []);
      under.get(parent).push(row);
    }
    const out = [];
    const visit = (row, level) => {
      row.level = level;
      out.push(row);
      for (const child of under.get(row.name) || []) visit(child, level + 1);
    };
    for (const row of under.get(null) || []) visit(row, 0);
    return out;
  }

  function convert(figure, unit) {
    return (figure.value * (BASE_UNITS[figure.unit] || 1)) / (BASE_UNITS[unit] || 1);
  }

  // -- loading ------------------------------------------------------------------------------------------

  async function loadBreakdown() {
    const mine = ++tableGeneration;
    document.body.dataset.table = "loading";
    try {
      const found = await getJSON("/figures", breakdownParams());
      if (mine !== tableGeneration) return;
      breakdownFigures = found;
    } catch (error) {
      if (mine !== tableGeneration) return;
      breakdownFigures = [];
      setStatus(t("error") + error.message, true);
    }
    renderTable();
    document.body.dataset.table = "ready";
  }

  async function refresh() {
    const mine = ++generation;
    remember();
    setStatus(t("loading"));
    document.body.dataset.ready = "false";
    try {
      const [found, made] = await Promise.all([
        getJSON("/figures", subjectParams()),
        getJSON("/release", subjectParams({ lang: state.lang })),
      ]);
      if (mine !== generation) return;
      subjectFigures = found;
      release = made;
      setStatus("");
    } catch (error) {
      if (mine !== generation) return;
      subjectFigures = [];
      release = null;
      setStatus(t("error") + error.message, true);
    }
    renderAll();
    await Promise.all([loadBreakdown(), loadPlan()]);
    if (mine === generation) document.body.dataset.ready = "true";
  }

  function renderAll() {
    relabel();
    fillPickers();
    const region = regions.find((r) => r.code === state.region);
    const period = periods.find((p) => p.period === state.period);
    $("#heading").textContent = [region && (state.lang === "zh" ? region.name_zh : region.name_en),
      period && (state.lang === "zh" ? period.label_zh : period.label_en)].filter(Boolean).join(state.lang === "zh" ? " " : ", ");
    renderCards();
    renderCharts();
    renderBulletin();
    renderTable();
  }

  async function start() {
    relabel();
    try {
      const [info, foundRegions, foundPeriods, groups] = await Promise.all([
        getJSON("/info"), getJSON("/regions"), getJSON("/periods"), getJSON("/product-groups"),
      ]);
      groupParent = new Map(groups.map((g) => [g.name, g.parent]));
      regions = foundRegions;
      periods = foundPeriods.periods;
      currencies = info.currencies || [];
      if (!currencies.includes(state.currency)) state.currency = currencies.includes("CNY") ? "CNY" : currencies[0] || "";
      const synthetic = $("#synthetic");
      synthetic.hidden = !info.synthetic;
      synthetic.dataset.i18n = "synthetic";
      if (!regions.some((r) => r.code === state.region)) {
        const wanted = regions.find((r) => r.name_zh === state.region || r.short_zh === state.region);
        state.region = wanted ? wanted.code : (regions.find((r) => r.level === "province") || regions[0] || {}).code || "";
      }
      if (!periods.some((p) => p.period === state.period)) {
        state.period = foundPeriods.latest || (periods[0] || {}).period || "";
      }
    } catch (error) {
      setStatus(t("error") + error.message, true);
      return;
    }
    if (!state.region || !state.period) {
      renderAll();
      setStatus(t("no_rows"), true);
      document.body.dataset.ready = "true";
      return;
    }
    await refresh();
  }

  $("#region").addEventListener("change", (event) => { state.region = event.target.value; refresh(); });
  $("#period").addEventListener("change", (event) => { state.period = event.target.value; refresh(); });
  $("#currency").addEventListener("change", (event) => { state.currency = event.target.value; refresh(); });
  $("#lang").addEventListener("click", () => { state.lang = state.lang === "zh" ? "en" : "zh"; refresh(); });
  $("#by").addEventListener("change", (event) => { state.by = event.target.value; loadBreakdown(); });
  $("#flow").addEventListener("change", (event) => { state.flow = event.target.value; loadBreakdown(); });
  $("#top").addEventListener("change", (event) => { state.top = event.target.value; loadBreakdown(); });
  $("#pickers").addEventListener("submit", (event) => event.preventDefault());
  window.addEventListener("resize", () => Object.values(charts).forEach((c) => c.resize()));

  start();
})();
