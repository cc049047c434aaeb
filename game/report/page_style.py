"""The stylesheet inlined in every exported debrief: black on white, large type that reflows at
any zoom, no colour that carries meaning on its own, and a print layout that keeps moments whole."""

CSS = """
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 50rem; padding: 1.5rem; background: #fff; color: #000;
       font: 1.125rem/1.6 system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif;
       overflow-wrap: anywhere; }
h1 { font-size: 2rem; line-height: 1.25; margin: 0 0 .5rem; }
h2 { font-size: 1.5rem; border-top: 3px solid #000; padding-top: .75rem; margin: 2.5rem 0 .75rem; }
h3 { font-size: 1.2rem; margin: 1.5rem 0 .4rem; }
a { color: #003399; text-decoration: underline; }
a:focus { outline: 3px solid #000; outline-offset: 2px; }
nav ul { padding-left: 1.25rem; }
.meta { margin: 0; }
.kind { display: inline-block; border: 3px solid #000; padding: 0 .5rem; font-weight: bold; }
.kind-good { border-color: #14532d; }
.kind-mixed { border-color: #6b3d00; }
.kind-poor { border-color: #7f1010; }
.said, .user-text { white-space: pre-line; }
.situation { border-left: 4px solid #000; padding-left: .75rem; }
.legend { font-size: 1rem; }
svg { display: block; width: 100%; height: auto; margin: 1rem 0; }
.table-wrap { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; margin: .75rem 0; }
caption { text-align: left; font-weight: bold; padding-bottom: .4rem; }
th, td { border: 1px solid #000; padding: .4rem .6rem; text-align: left; vertical-align: top; }
th { overflow-wrap: normal; word-break: normal; hyphens: manual; }  /* never "possi ble": a wide table scrolls */
thead th, tfoot th, tfoot td { background: #eee; }
td.number { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
dl { margin: .5rem 0; }
dt { font-weight: bold; }
dd { margin: 0 0 .5rem 1.25rem; }
ol.timeline { list-style: none; padding: 0; }
.reflect { border: 2px solid #000; padding: .5rem .75rem; }
footer { border-top: 3px solid #000; margin-top: 2.5rem; padding-top: .75rem; }
@media print {
  body { max-width: none; padding: 0; font-size: 11pt; }
  nav { display: none; }
  a { color: #000; }
  h2, h3 { break-after: avoid; }
  li, tr, .missed-item, svg { break-inside: avoid; }
  .table-wrap { overflow: visible; }
}
"""
