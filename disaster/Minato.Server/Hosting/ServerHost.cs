using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Minato.Disaster.Http;
using Minato.Disaster.Security;
using Minato.Gis;
using Minato.Gis.Database;
using Minato.Gis.Http;
using Minato.Gis.Layers;
using Minato.Sensors.Http;
using Minato.Sensors.Stations;
using Minato.Server.Live;
using Minato.Server.Security;
using Npgsql;
using Scalar.AspNetCore;

namespace Minato.Server.Hosting;

/// <summary>The composition root: every module's services and endpoints are wired here and nowhere else.</summary>
internal static class ServerHost
{
    /// <summary>Every options section and the class bound to it, for the unknown-key check at start-up.</summary>
    internal static readonly IReadOnlyDictionary<string, Type> OptionSections = new Dictionary<string, Type>(StringComparer.OrdinalIgnoreCase)
    {
        [ServerOptions.Section] = typeof(ServerOptions),
        [ForwardedHeadersSettings.Section] = typeof(ForwardedHeadersSettings),
        [Minato.Gis.Features.FeatureQueryOptions.Section] = typeof(Minato.Gis.Features.FeatureQueryOptions),
        [Minato.Gis.Http.Tiles.TileOptions.Section] = typeof(Minato.Gis.Http.Tiles.TileOptions),
        [Minato.Server.Security.AuthOptions.Section] = typeof(Minato.Server.Security.AuthOptions),
        [Minato.Disaster.Situation.SituationOptions.Section] = typeof(Minato.Disaster.Situation.SituationOptions),
        [Minato.Sensors.Broker.BrokerOptions.Section] = typeof(Minato.Sensors.Broker.BrokerOptions),
        [Minato.Sensors.Ingest.IngestOptions.Section] = typeof(Minato.Sensors.Ingest.IngestOptions),
        [Minato.Sensors.Alerts.AlertOptions.Section] = typeof(Minato.Sensors.Alerts.AlertOptions),
        [Minato.Disaster.PublicAlerts.PublicAlertOptions.Section] = typeof(Minato.Disaster.PublicAlerts.PublicAlertOptions),
        [Minato.Disaster.Notifications.MailOptions.Section] = typeof(Minato.Disaster.Notifications.MailOptions),
        [Minato.Disaster.Http.Tasks.TaskOptions.Section] = typeof(Minato.Disaster.Http.Tasks.TaskOptions),
        [Minato.Disaster.Reports.ReportOptions.Section] = typeof(Minato.Disaster.Reports.ReportOptions),
        [Minato.Disaster.Idempotency.IdempotencyOptions.Section] = typeof(Minato.Disaster.Idempotency.IdempotencyOptions),
    };

    public static WebApplication Build(string[] args)
    {
        var printUrls = args.Contains("--print-urls");
        var builder = WebApplication.CreateBuilder(args.Where(a => a is not "serve" and not "--print-urls").ToArray());

        builder.Services.AddOptions<ServerOptions>()
            .Bind(builder.Configuration.GetSection(ServerOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        var options = builder.Configuration.GetSection(ServerOptions.Section).Get<ServerOptions>() ?? new ServerOptions();

        var connectionString = builder.Configuration[GisDataSource.ConnectionStringVariable]
            ?? builder.Configuration.GetConnectionString("Minato")
            ?? throw new InvalidOperationException("No database: set MINATO_DB or ConnectionStrings:Minato");

        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(_ => GisDataSource.Create(connectionString));
        DatabaseStartup.Add(builder.Services, connectionString); // migrations in the background; /healthz; the exit code
        builder.Services.AddSingleton(new LayerCatalog([.. LayerCatalog.Core, .. StationsLayer.All]));
        builder.Services.AddGisHttp();
        builder.Services.AddMinatoSecurity(builder.Configuration, builder.Environment);
        builder.Services.AddMinatoLive(builder.Configuration);
        builder.Services.AddSensors(builder.Configuration);
        builder.Services.AddOperations(builder.Configuration);

        builder.Services.AddProblemDetails();
        builder.Services.AddOpenApi(o => o.AddDocumentTransformer((doc, _, _) =>
        {
            doc.Info.Title = "Minato.Gis API";
            doc.Info.Description = "Public hazard-map API of Minato City (OGC API Features, vector tiles, point hazard reports) and the operations API.";
            doc.Info.Version = "1.0";
            return Task.CompletedTask;
        }));
        // OGC API Features' oas30 conformance class needs an OpenAPI 3.0 document (ASP.NET 10 emits 3.1 by default).
        builder.Services.Configure<Microsoft.AspNetCore.OpenApi.OpenApiOptions>(
            "v1", o => o.OpenApiVersion = Microsoft.OpenApi.OpenApiSpecVersion.OpenApi3_0);
        builder.Services.AddCors(o => o.AddPolicy(PublicApi.CorsPolicy, p => p.AllowAnyOrigin().WithMethods("GET", "HEAD", "OPTIONS")
            .AllowAnyHeader().WithExposedHeaders("ETag", "Content-Crs", "Link")));
        builder.Services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.AddPolicy(PublicApi.MailRateLimitPolicy, ctx => RateLimitPartition.GetFixedWindowLimiter(
                ctx.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = options.PublicMailRequestsPerHour,
                    Window = TimeSpan.FromHours(1),
                    QueueLimit = 0,
                    AutoReplenishment = true,
                }));
            o.AddPolicy(PublicApi.RateLimitPolicy, ctx => RateLimitPartition.GetTokenBucketLimiter(
                ctx.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = options.PublicBurst,
                    TokensPerPeriod = options.PublicRequestsPerSecond,
                    ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                    QueueLimit = 0,
                    AutoReplenishment = true,
                }));
        });

        builder.AddEdgeProtection(options);

        var app = builder.Build();
        foreach (var key in ConfigurationKeyCheck.FindUnknownKeys(app.Configuration, OptionSections, ["Minato:Live:Redis", MapClientHosting.PathSetting]))
        {
            app.Logger.LogWarning("unknown configuration key {Key}: no setting of that name exists (a typo?)", key);
        }

        app.UseEdgeProtection();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseCors();
        app.UseRateLimiter();
        app.UseAuthentication();
        app.UseRefusalAudit();
        app.UseAuthorization();

        app.MapOpenApi("/openapi.json");
        app.MapScalarApiReference("/docs", o => o.WithTitle("Minato.Gis API").WithOpenApiRoutePattern("/openapi.json")
            .DisableDefaultFonts()); // no fonts from fonts.scalar.com: the page loads nothing from elsewhere (SecurityHeaders)

        // Every query and body text through one rule (InputRules); the OGC parser applies it itself, with OGC error codes.
        var api = app.MapGroup("").WithInputRules();
        app.MapOgcFeaturesApi();
        api.MapTilesApi();
        api.MapHazardsApi();
        app.MapMapClient(); // the web map client at /, /hq, /district/{id}, /shelter/{id}; the index page when not built
        app.MapMinatoLive();
        api.MapSensorsApi(MinatoPolicies.Hq);
        api.MapOperationsApi();
        DatabaseHealth.Map(app);

        if (printUrls)
        {
            app.Lifetime.ApplicationStarted.Register(() => PrintUrls(app));
        }

        return app;
    }

    /// <summary>An open evacuation centre for the demo's console link (the demo opens some), or null.</summary>
    private static string? FirstOpenCentre(WebApplication app)
    {
        try
        {
            using var cmd = app.Services.GetRequiredService<NpgsqlDataSource>().CreateCommand(
                "SELECT facility_id::text FROM ops.shelter_status WHERE open ORDER BY facility_id LIMIT 1");
            return cmd.ExecuteScalar() as string;
        }
        catch (NpgsqlException)
        {
            return null;
        }
    }

    private static void PrintUrls(WebApplication app)
    {
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        foreach (var a in addresses)
        {
            Console.WriteLine();
            Console.WriteLine($"  Minato.Gis is running at {a}");
            Console.WriteLine($"    Public hazard map  {a}/");
            // Demo only (--print-urls): staff views need a token; these are minted with the configured key.
            var tokens = app.Services.GetRequiredService<Minato.Server.Security.TokenIssuer>();
            var hq = tokens.Issue(new Minato.Server.Security.TokenRequest("demo-hq", "hq"));
            var shiba = tokens.Issue(new Minato.Server.Security.TokenRequest("demo-shiba", "district", District: "shiba"));
            var field = tokens.Issue(new Minato.Server.Security.TokenRequest("demo-field", "field", District: "shiba"));
            Console.WriteLine($"    HQ situation map   {a}/hq?token={hq}");
            Console.WriteLine($"    District (Shiba)   {a}/district/shiba?token={shiba}");
            Console.WriteLine($"    Field report       {a}/field?token={field}   (phone layout, works offline)");
            if (FirstOpenCentre(app) is { } centre)
            {
                var console = tokens.Issue(new Minato.Server.Security.TokenRequest("demo-centre", "shelter", Shelter: centre));
                Console.WriteLine($"    Evacuation centre  {a}/shelter/{centre}?token={console}");
            }

            Console.WriteLine($"    CAP alert feed     {a}/alerts/cap");
            Console.WriteLine($"    OGC API Features   {a}/ogc");
            Console.WriteLine($"    Vector tiles       {a}/tiles/hazard-areas/14/14551/6452.mvt  (TileJSON: {a}/tiles/hazard-areas.json)");
            Console.WriteLine($"    Hazard report      {a}/api/hazards/at?lon=139.7454&lat=35.6586");
            Console.WriteLine($"    API reference      {a}/docs   (OpenAPI: {a}/openapi.json)");
        }
    }
}
