namespace UsageAnalytics.Export.Internal;

/// <summary>The report's one inline stylesheet: responsive down to a 390 px phone, and a print stylesheet.</summary>
/// <remarks>Wide content (tables, the chart) scrolls inside its own <c>overflow-x:auto</c> box rather than widening the
/// page; long labels break anywhere. Local font families only: the report loads nothing.</remarks>
internal static class ReportStyle
{
    internal const string Css = """
        *,*::before,*::after{box-sizing:border-box}
        html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
        body{margin:0;padding:16px;font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;font-size:15px;line-height:1.45;color:#1b1f24;background:#f4f5f7}
        main{max-width:1120px;margin:0 auto}
        header{margin-bottom:16px}
        h1{font-size:1.6rem;margin:0 0 6px;overflow-wrap:anywhere}
        h2{font-size:1.15rem;margin:0 0 10px}
        p{margin:4px 0}
        .meta{color:#57606a;font-size:.9rem;overflow-wrap:anywhere}
        .tiles{display:grid;grid-template-columns:repeat(auto-fit,minmax(160px,1fr));gap:12px;margin:0 0 16px}
        .tile{background:#fff;border:1px solid #d8dee4;border-radius:8px;padding:12px;min-width:0;break-inside:avoid;page-break-inside:avoid}
        .tile .name{display:block;color:#57606a;font-size:.85rem}
        .tile .value{display:block;font-size:1.45rem;font-weight:600;overflow-wrap:anywhere}
        .tile .note{display:block;color:#57606a;font-size:.8rem;overflow-wrap:anywhere}
        section{background:#fff;border:1px solid #d8dee4;border-radius:8px;padding:12px;margin:0 0 16px;min-width:0}
        .scroll{overflow-x:auto;max-width:100%}
        table{border-collapse:collapse;width:100%}
        th,td{padding:5px 8px;border-bottom:1px solid #eaeef2;text-align:left;vertical-align:top}
        th{font-size:.85rem;color:#57606a;font-weight:600}
        th.num,td.num{text-align:right;white-space:nowrap}
        td.label{min-width:7em;overflow-wrap:anywhere;word-break:break-word}
        td.barcell{width:22%;min-width:60px;vertical-align:middle}
        .hbar{display:block;height:8px;border-radius:4px;background:#3b6fc4;min-width:1px}
        tr.more td{color:#57606a;font-style:italic}
        .chart-box{overflow-x:auto;max-width:100%}
        svg.chart{display:block;width:100%;min-width:560px;height:auto}
        svg.chart .bar{fill:#3b6fc4}
        svg.chart .axis{stroke:#8c959f;stroke-width:1}
        svg.chart .grid{stroke:#eaeef2;stroke-width:1}
        svg.chart text{fill:#57606a;font-size:12px;font-family:inherit}
        .empty{color:#57606a;font-style:italic}
        .status-firing,.bad{color:#b42318;font-weight:600}
        .good{color:#1a7f37}
        footer{color:#57606a;font-size:.8rem;margin-top:8px}
        @media (max-width:480px){body{padding:10px;font-size:14px}h1{font-size:1.3rem}.tile .value{font-size:1.2rem}.tiles{grid-template-columns:repeat(2,minmax(0,1fr))}th.barcell,td.barcell{display:none}}
        @media print{
        body{background:none;padding:0;font-size:11pt;color:#000}
        main{max-width:none;width:100%}
        .tile,section{border:1px solid #999;border-radius:0}
        .tiles{grid-template-columns:repeat(3,1fr)}
        .scroll,.chart-box{overflow:visible}
        svg.chart{min-width:0}
        tr,.tile,svg.chart{break-inside:avoid;page-break-inside:avoid}
        h2{break-after:avoid;page-break-after:avoid}
        .hbar{background:#555;print-color-adjust:exact;-webkit-print-color-adjust:exact}
        }
        """;
}
