using Microsoft.Extensions.DependencyInjection.Extensions;
using Minato.Disaster.Http;
using Minato.Disaster.Security;
using Minato.Disaster.StayFacilities;
using Minato.Gis.Configuration;
using Minato.Gis.Http;
using Minato.Gis.Layers;
using Minato.Sensors;
using Minato.Sensors.Http;
using Minato.Sensors.Stations;
using Minato.Server.Live;
using Minato.Server.Security;

namespace Minato.Server.Hosting;

/// <summary>The composition root: every module's services and endpoints are wired here and nowhere else.</summary>
internal static class ServerHost
{
    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args.Where(a => a is not "serve" and not "--print-urls").ToArray());
        AddModules(builder);
        var app = builder.Build();
        app.WarnAboutConfigurationKeys();

        app.UseEdgeProtection();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseCors();
        app.UseRateLimiter();
        app.UseAuthentication();
        app.UseRefusalAudit();
        app.UseAuthorization();

        app.MapApiDocumentation();
        // Every query and body text through one rule (InputRules); the OGC parser applies it itself, with OGC error codes.
        var api = app.MapGroup("").WithInputRules();
        app.MapOgcFeaturesApi();
        api.MapTilesApi();
        api.MapHazardsApi();
        api.MapRoutesApi(MinatoPolicies.Staff, MinatoPolicies.District);
        app.MapMapClient(); // the web map client at /, /hq, /district/{id}, /shelter/{id}; the index page when not built
        app.MapMinatoLive();
        api.MapSensorsApi(MinatoPolicies.Hq);
        api.MapOperationsApi();
        DatabaseHealth.Map(app);
        return args.Contains("--print-urls") ? app.PrintUrlsWhenStarted() : app;
    }

    /// <summary>Every module's services and options (each options class records its section as it is registered).</summary>
    internal static WebApplicationBuilder AddModules(WebApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<ServerOptions>();
        var options = ValidatedOptions.Read<ServerOptions>(builder.Configuration);
        builder.AddDatabase();
        builder.Services.AddSingleton(new LayerCatalog([.. LayerCatalog.Core, .. StationsLayer.All]));
        builder.Services.AddGisHttp();
        // Stay facilities measure walking distance with the routing's graph; registered before AddOperations, whose
        // straight-line TryAdd then keeps this one.
        builder.Services.TryAddSingleton<IStayDistance, RoutedStayDistance>();
        builder.Services.AddMinatoSecurity(builder.Configuration, builder.Environment);
        builder.Services.AddMinatoLive(builder.Configuration);
        builder.Services.AddSensors(builder.Configuration);
        builder.Services.AddOperations(builder.Configuration);
        builder.Services.AddProblemDetails();
        builder.Services.AddApiDocumentation();
        return builder.AddPublicApiPolicies(options).AddEdgeProtection(options);
    }
}
