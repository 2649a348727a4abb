/**
 * The live page at `/`. It holds no data itself: its script reads the API token from the URL
 * fragment (never sent to the server, so never in a log) or from localStorage, and polls
 * /api/summary with it.
 */
export const consolePage = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Firebreak</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
 body{font:14px/1.4 system-ui,sans-serif;margin:2rem;color:#1d2330;background:#fafafa}
 h1{font-size:20px;margin:0 0 .2rem} .muted{color:#667}
 .cards{display:flex;gap:1rem;flex-wrap:wrap;margin:1rem 0}
 .card{background:#fff;border:1px solid #dde;border-radius:8px;padding:.8rem 1rem;min-width:9rem}
 .card b{display:block;font-size:24px}
 table{border-collapse:collapse;background:#fff;margin-top:.5rem} td,th{border:1px solid #dde;padding:.25rem .6rem;text-align:left}
 .warn{color:#a15c00}.bad{color:#b00020}
</style></head>
<body>
<h1>Firebreak</h1><div class="muted" id="status">connecting…</div>
<div class="cards">
 <div class="card">orders<b id="orders">–</b></div>
 <div class="card">shipments<b id="shipments">–</b></div>
 <div class="card warn">delayed<b id="delayed">–</b></div>
 <div class="card bad">exceptions<b id="exceptions">–</b></div>
</div>
<div class="muted" id="latest"></div>
<h2>Shipments by tag</h2><table id="tags"></table>
<h2>Outbox by status</h2><table id="outbox"></table>
<h2>Flow runs by status</h2><table id="runs"></table>
<h2>Latest orders</h2><table id="recent"></table>
<script>
const frag = new URLSearchParams(location.hash.slice(1));
if (frag.get("token")) { localStorage.setItem("firebreak-token", frag.get("token")); history.replaceState(null, "", location.pathname); }
const token = localStorage.getItem("firebreak-token");
const $ = (id) => document.getElementById(id);
const esc = (s) => String(s ?? "").replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]);
const rows = (obj) => Object.entries(obj).map(([k, v]) => "<tr><th>" + esc(k) + "</th><td>" + esc(v) + "</td></tr>").join("") || "<tr><td>none yet</td></tr>";
async function refresh() {
  if (!token) { $("status").textContent = "open the link the server printed (it carries #token=…)"; return; }
  const r = await fetch("/api/summary", { headers: { authorization: "Bearer " + token } });
  if (!r.ok) { $("status").textContent = "API answered " + r.status; return; }
  const s = await r.json();
  $("status").textContent = "as of " + s.at + " (store time)";
  for (const k of ["orders", "shipments", "delayed", "exceptions"]) $(k).textContent = s[k];
  $("latest").textContent = s.latestOrders < s.orders ? "shipments, delays and exceptions: of the latest " + s.latestOrders + " orders" : "";
  $("tags").innerHTML = rows(s.shipmentsByTag);
  $("outbox").innerHTML = rows(s.outboxByStatus);
  $("runs").innerHTML = rows(s.runsByStatus);
  $("recent").innerHTML = "<tr><th>order</th><th>shipments</th><th>signals</th></tr>" + s.recent.map((o) => "<tr><td>" + esc(o.name || o.order_id) + "</td><td>" + esc(o.tags.join(", ")) + "</td><td>" + esc(o.signals.join(", ")) + "</td></tr>").join("");
}
refresh(); setInterval(refresh, 2000);
</script>
</body></html>`;
