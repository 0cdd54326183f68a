using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using App.AppHost.Resources;

namespace App.AppHost.Dashboard;

/// <summary>The status page; every value is HTML-encoded, since names, URLs and states all end up in markup.</summary>
public static class StatusPage
{
    private const string Head = """
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta http-equiv="refresh" content="2">
        <title>AppHost</title>
        <style>
        body { font-family: system-ui, sans-serif; margin: 2rem; }
        table { border-collapse: collapse; }
        th, td { padding: .35rem .8rem; border-bottom: 1px solid #ddd; text-align: left; }
        .Healthy, .Running { color: #1a7f37; }
        .Unhealthy, .Restarting, .Exited { color: #cf222e; }
        .Waiting, .Starting, .Stopped { color: #9a6700; }
        </style>
        </head>
        <body>
        <h1>Resources</h1>
        <table>
        <thead><tr><th>Name</th><th>Type</th><th>State</th><th>Health</th><th>URL</th><th>PID</th><th>Restarts</th></tr></thead>
        <tbody>

        """;

    private const string Tail = """
        </tbody>
        </table>
        </body>
        </html>

        """;

    public static string Render(IEnumerable<ResourceSnapshot> resources)
    {
        var html = new StringBuilder(Head);
        foreach (var r in resources)
        {
            var state = Encode(r.State.ToString());
            var url = r.Url is null ? "" : $"<a href=\"{Encode(r.Url)}\">{Encode(r.Url)}</a>";
            html.Append(CultureInfo.InvariantCulture,
                $"<tr><td>{Encode(r.Name)}</td><td>{Encode(r.Type)}</td><td class=\"{state}\">{state}</td>" +
                $"<td>{Encode(r.Health.ToString())}</td><td>{url}</td><td>{r.Pid}</td><td>{r.RestartCount}</td></tr>\n");
        }

        return html.Append(Tail).ToString();
    }

    private static string Encode(string value) => HtmlEncoder.Default.Encode(value);
}
