using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Minato.Disaster.Situation;
using MimeKit;

namespace Minato.Disaster.Tests.CallUp;

/// <summary>
/// The real host sending e-mail to a real SMTP sink (aiosmtpd), on a fake clock (reminders after 30 fake minutes,
/// swept every 30 fake seconds; links live 2 fake hours). One per test class.
/// </summary>
public sealed partial class CallUpHost : MinatoApiFactory, IAsyncLifetime
{
    public const string BaseUrl = "https://gis.minato.example";
    public const int ReminderMinutes = 30;
    public const int LinkHours = 2;

    private SmtpSink? _sink;

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero));

    public SmtpSink Sink => _sink ?? throw new InvalidOperationException("not started");

    public SituationState State => Services.GetRequiredService<SituationState>();

    async ValueTask IAsyncLifetime.InitializeAsync()
    {
        _sink = await SmtpSink.StartAsync();
        await InitializeAsync();
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Minato:Mail:Host", Sink.Host);
        builder.UseSetting("Minato:Mail:Port", Sink.Port.ToString(CultureInfo.InvariantCulture));
        builder.UseSetting("Minato:Mail:Security", "None");
        builder.UseSetting("Minato:Mail:RetryDelayMs", "50");
        builder.UseSetting("Minato:CallUp:BaseUrl", BaseUrl);
        builder.UseSetting("Minato:CallUp:ReminderMinutes", ReminderMinutes.ToString(CultureInfo.InvariantCulture));
        builder.UseSetting("Minato:CallUp:CheckSeconds", "30");
        builder.UseSetting("Minato:CallUp:LinkLifetimeHours", LinkHours.ToString(CultureInfo.InvariantCulture));
        builder.UseSetting("Minato:Live:CoalesceIntervalMs", "0");
        builder.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(Time));
    }

    /// <summary>Adds a staff member through the API (as hq); returns the id.</summary>
    public async Task<long> AddStaffAsync(HttpClient hq, string name, string email, string district, params string[] groups)
    {
        using var r = await hq.PostAsJsonAsync("/api/staff", new { name, email, phone = "03-0000-0000", district, groups },
            TestContext.Current.CancellationToken);
        Assert.Equal(System.Net.HttpStatusCode.Created, r.StatusCode);
        return (long)(await r.Content.ReadFromJsonAsync<JsonObject>(TestContext.Current.CancellationToken))!["id"]!;
    }

    /// <summary>The messages the sink received for <paramref name="email"/>.</summary>
    public IReadOnlyList<MimeMessage> MailsTo(string email) =>
        [.. Sink.Messages().Where(m => m.To.Mailboxes.Any(b => b.Address == email))];

    /// <summary>Waits until <paramref name="email"/> has received <paramref name="count"/> messages; returns them.</summary>
    public Task<IReadOnlyList<MimeMessage>> WaitMailsAsync(string email, int count) =>
        Wait.ForAsync(() => Task.FromResult(MailsTo(email)), m => m.Count >= count, TimeSpan.FromSeconds(60),
            m => $"{count} mail(s) to {email} (has {m.Count})", TestContext.Current.CancellationToken);

    /// <summary>The path of the answer link in a call-up mail (<c>/callup/{token}</c>), parsed from its text.</summary>
    public static string LinkPath(MimeMessage mail)
    {
        var match = LinkPattern().Match(mail.TextBody ?? "");
        Assert.True(match.Success, "no answer link in the mail");
        return new Uri(match.Value).PathAndQuery;
    }

    /// <summary>A live entity's JSON in <paramref name="scope"/>, or null.</summary>
    public JsonObject? Live(SituationScope scope, string kind, string id) =>
        State.Snapshot(scope).Entities.SingleOrDefault(e => e.Kind == kind && e.Id == id)?.Data is { } d
            ? JsonNode.Parse(d)!.AsObject()
            : null;

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (_sink is not null)
        {
            await _sink.DisposeAsync();
        }
    }

    [GeneratedRegex(@"https://gis\.minato\.example/callup/[A-Za-z0-9_-]+")]
    private static partial Regex LinkPattern();
}
