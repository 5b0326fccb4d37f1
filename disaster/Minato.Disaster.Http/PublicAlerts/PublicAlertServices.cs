using Microsoft.Extensions.Options;
using Minato.Disaster.Notifications;
using Minato.Disaster.PublicAlerts;
using Minato.Disaster.Situation;
using Minato.Gis.Configuration;

namespace Minato.Disaster.Http.PublicAlerts;

/// <summary>Services of resident alerts: options (<c>Minato:PublicAlerts</c>, <c>Minato:Mail</c>), stores, the mailer, the live
/// source.</summary>
public static class PublicAlertServices
{
    public static IServiceCollection AddPublicAlerts(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddValidatedOptions<PublicAlertOptions>();
        services.AddValidatedOptions<MailOptions>();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<PublicAlertOptions>>().Value);
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<MailOptions>>().Value);
        services.AddSingleton<PublicAlertStore>();
        services.AddSingleton<PublicAlertPublisher>();
        services.AddSingleton<AlertMailDispatcher>();
        services.AddSingleton<IAlertMailQueue>(sp => sp.GetRequiredService<AlertMailDispatcher>());
        services.AddHostedService(sp => sp.GetRequiredService<AlertMailDispatcher>());
        services.AddSingleton<ISituationSource, PublicAlertSource>();
        services.AddHostedService<PublicAlertExpiry>();
        return services;
    }
}
