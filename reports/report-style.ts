/** The report's inline stylesheet: readable on a phone (tables scroll, cards wrap) and on paper. */
import { SEVERITY_CSS } from "./severity-badge.ts";

export const REPORT_CSS = `
*{box-sizing:border-box}
body{margin:0;padding:24px;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1f2328;background:#fff}
main{max-width:1100px;margin:0 auto}
h1{font-size:1.6em;margin:0 0 4px}
h2{font-size:1.25em;margin:32px 0 8px;padding-bottom:4px;border-bottom:2px solid #d0d7de}
h3{font-size:1.05em;margin:20px 0 4px}
.meta{color:#57606a;margin:0}
nav ul{list-style:none;padding:0;margin:12px 0;display:flex;flex-wrap:wrap;gap:4px 16px}
a{color:#0969da}
.alert{border:2px solid #b91c1c;background:#fef2f2;color:#7f1d1d;padding:10px 14px;margin:12px 0;border-radius:6px}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(150px,1fr));gap:10px;margin:12px 0}
.card{border:1px solid #d0d7de;border-radius:6px;padding:10px 12px}
.card .value{display:block;font-size:1.6em;font-weight:600}
.card .label{color:#57606a;font-size:.9em}
.card .detail{display:block;color:#57606a;font-size:.8em;margin-top:2px}
${SEVERITY_CSS.cards}
.card.warn{border-color:#b45309;background:#fffbeb}
.note{color:#57606a;background:#f6f8fa;border-left:3px solid #d0d7de;padding:6px 10px;margin:8px 0}
.charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(min(400px,100%),1fr));gap:20px 28px}
figure{margin:0;min-width:0}
figcaption{font-weight:600;margin-bottom:4px}
.chart{display:block;width:100%;height:auto;max-width:640px}
.table-wrap{overflow-x:auto;margin:6px 0}
table{border-collapse:collapse;width:100%;font-size:.92em}
th,td{border:1px solid #d0d7de;padding:4px 8px;text-align:left;vertical-align:top;overflow-wrap:break-word}
th{background:#f6f8fa}
td.num,th.num{text-align:right;white-space:nowrap}
.sev{display:inline-block;padding:0 6px;border-radius:10px;color:#fff;font-size:.85em;font-weight:600;white-space:nowrap}
${SEVERITY_CSS.badges}
.status-failed{color:#b91c1c;font-weight:600}
.status-suspect{color:#b45309;font-weight:600}
.more{color:#57606a;font-style:italic}
.muted{color:#57606a}
.nowrap{white-space:nowrap}
.timelines{display:grid;grid-template-columns:repeat(auto-fill,minmax(min(300px,100%),1fr));gap:12px;margin:8px 0}
.timeline-card{border:1px solid #d0d7de;border-radius:6px;padding:6px 12px;min-width:0}
.timeline-card h3{margin:4px 0 2px}
.timeline-card p{margin:0 0 6px}
ol.timeline{list-style:none;margin:8px 0 4px 6px;padding:0 0 0 16px;border-left:2px solid #d0d7de}
.ev{position:relative;margin:0 0 8px}
.ev::before{content:"";position:absolute;left:-22px;top:4px;width:10px;height:10px;border-radius:50%;background:#57606a}
.ev-late::before{background:#b91c1c}
.ev-terminated::before{background:#1f2328;width:14px;height:14px;left:-24px;top:2px}
.ev-outstanding::before{background:#fff;border:2px solid #b45309}
.ev .when{display:block;font-size:.85em;font-variant-numeric:tabular-nums}
.ev .what{display:block;font-weight:600}
.ev .label{display:block;color:#57606a;overflow-wrap:anywhere}
.flag{display:inline-block;font-size:.75em;font-weight:600;padding:0 5px;border-radius:8px;border:1px solid;white-space:nowrap}
.flag-late{color:#b91c1c;border-color:#b91c1c}
.flag-outstanding{color:#b45309;border-color:#b45309}
tr.expiring td{background:#fffbeb}
.soon{color:#b45309;font-weight:600}
code.id{font-size:.8em;overflow-wrap:anywhere}
code{font-size:.92em;background:#f6f8fa;padding:0 3px;border-radius:3px}
ul.errors{margin:0;padding-left:18px}
@media (max-width:640px){
body{padding:10px;font-size:13px}
h1{font-size:1.3em}
.cards{grid-template-columns:repeat(auto-fill,minmax(110px,1fr));gap:8px}
.card{padding:8px}
.card .value{font-size:1.3em}
table.stack,table.stack tbody,table.stack tr,table.stack td{display:block;width:auto}
table.stack thead{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}
table.stack tr{border:1px solid #d0d7de;border-radius:6px;margin:0 0 8px;padding:4px 8px}
table.stack td{position:relative;border:0;padding:2px 0 2px 7.5rem;min-height:1.6em;text-align:left;white-space:normal;overflow-wrap:anywhere}
table.stack td::before{content:attr(data-label);position:absolute;left:0;top:3px;width:7rem;color:#57606a;font-size:.85em;line-height:1.3}
table.stack td:empty{display:none}
}
@media print{
body{padding:0;font-size:10pt}
nav{display:none}
a{color:inherit;text-decoration:none}
.table-wrap{overflow:visible}
tr,.card,figure,.timeline-card,.ev{break-inside:avoid}
.charts{display:block}
.chart{max-width:520px}
figure{margin:0 0 12px}
h2,h3{break-after:avoid}
.sev,.alert,th,.card,.ev::before,tr.expiring td{-webkit-print-color-adjust:exact;print-color-adjust:exact}
}
`;
