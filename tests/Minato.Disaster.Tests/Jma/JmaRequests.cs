using System.Net.Http.Headers;
using System.Text;

namespace Minato.Disaster.Tests.Jma;

/// <summary>Posting JMA messages as a relay, and sample variants (another report time, another Control/Status).</summary>
internal static class JmaRequests
{
    public static async Task<HttpResponseMessage> PostAsync(HttpClient client, byte[] xml)
    {
        using var content = new ByteArrayContent(xml);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/xml");
        return await client.PostAsync("/api/jma/messages", content, TestContext.Current.CancellationToken);
    }

    /// <summary>A sample with its report time (Head/ReportDateTime) and Control/Status replaced.</summary>
    public static byte[] Variant(string sample, string? reportTime = null, string? status = null)
    {
        var xml = Encoding.UTF8.GetString(JmaSamples.Bytes(sample));
        if (reportTime is not null)
        {
            var start = xml.IndexOf("<ReportDateTime>", StringComparison.Ordinal) + "<ReportDateTime>".Length;
            var end = xml.IndexOf("</ReportDateTime>", start, StringComparison.Ordinal);
            xml = xml[..start] + reportTime + xml[end..];
        }

        if (status is not null)
        {
            xml = xml.Replace("<Status>通常</Status>", $"<Status>{status}</Status>", StringComparison.Ordinal);
        }

        return Encoding.UTF8.GetBytes(xml);
    }
}
