using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Minato.Disaster.Shelters;
using Minato.Disaster.StayFacilities;
using Minato.Server.Security;
using Npgsql;

namespace Minato.Server.Hosting;

/// <summary>
/// The demo's console links (<c>--print-urls</c>): every page and API, with staff tokens minted with the configured key.
/// </summary>
internal static class UrlPrinter
{
    public static WebApplication PrintUrlsWhenStarted(this WebApplication app)
    {
        app.Lifetime.ApplicationStarted.Register(() => _ = PrintAsync(app));
        return app;
    }

    private static async Task PrintAsync(WebApplication app)
    {
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var centre = addresses.Count > 0 ? await FirstOpenCentreAsync(app.Services, app.Lifetime.ApplicationStopping) : null;
        var facility = addresses.Count > 0 ? await FirstStayFacilityAsync(app.Services, app.Lifetime.ApplicationStopping) : null;
        var tokens = app.Services.GetRequiredService<TokenIssuer>();
        foreach (var a in addresses)
        {
            Console.WriteLine();
            Console.WriteLine($"  Minato.Gis is running at {a}");
            Console.WriteLine($"    Public hazard map  {a}/");
            var hq = tokens.Issue(new TokenRequest("demo-hq", "hq"));
            var shiba = tokens.Issue(new TokenRequest("demo-shiba", "district", District: "shiba"));
            var field = tokens.Issue(new TokenRequest("demo-field", "field", District: "shiba"));
            Console.WriteLine($"    HQ situation map   {a}/hq?token={hq}");
            Console.WriteLine($"    District (Shiba)   {a}/district/shiba?token={shiba}");
            Console.WriteLine($"    Field report       {a}/field?token={field}   (phone layout, works offline)");
            if (centre is not null)
            {
                var console = tokens.Issue(new TokenRequest("demo-centre", "shelter", Shelter: centre));
                Console.WriteLine($"    Evacuation centre  {a}/shelter/{centre}?token={console}");
            }

            if (facility is not null)
            {
                var staff = tokens.Issue(new TokenRequest("demo-facility", "facility", Facility: facility));
                Console.WriteLine($"    Stay facility      {a}/facility/{facility}?token={staff}   (一時滞在施設 staff console)");
            }

            Console.WriteLine($"    CAP alert feed     {a}/alerts/cap");
            Console.WriteLine($"    OGC API Features   {a}/ogc");
            Console.WriteLine($"    Vector tiles       {a}/tiles/hazard-areas/14/14551/6452.mvt  (TileJSON: {a}/tiles/hazard-areas.json)");
            Console.WriteLine($"    Hazard report      {a}/api/hazards/at?lon=139.7454&lat=35.6586");
            Console.WriteLine($"    API reference      {a}/docs   (OpenAPI: {a}/openapi.json)");
        }
    }

    /// <summary>The first temporary-stay facility (by id) for the staff console link, or null when none is imported.</summary>
    private static async Task<string?> FirstStayFacilityAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        try
        {
            var all = await services.GetRequiredService<StayFacilityStore>().ListAsync(cancellationToken);
            return all.Count > 0 ? all.Min(f => long.Parse(f.Id, System.Globalization.CultureInfo.InvariantCulture))
                .ToString(System.Globalization.CultureInfo.InvariantCulture) : null;
        }
        catch (NpgsqlException)
        {
            return null;
        }
    }

    /// <summary>An open evacuation centre for the console link (the demo opens some), or null.</summary>
    private static async Task<string?> FirstOpenCentreAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        try
        {
            var open = await services.GetRequiredService<ShelterStore>().ListAsync(null, open: true, cancellationToken);
            return open.Count > 0 ? open[0].Id : null; // listed by id
        }
        catch (NpgsqlException)
        {
            return null;
        }
    }
}
