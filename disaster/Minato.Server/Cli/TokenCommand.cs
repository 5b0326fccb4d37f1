using System.ComponentModel.DataAnnotations;
using System.Security.Cryptography;
using Minato.Server.Security;
using Minato.Gis.Configuration;

namespace Minato.Server.Cli;

/// <summary>
/// <c>token --role hq|district|shelter|field|facility|public|call-centre [--district ID] [--shelter ID] [--facility ID]
/// [--sub NAME] [--minutes N]</c>:
/// prints a signed JWT for the configured key (<c>Minato__Auth__SigningKey</c>, which <c>./minato</c> sets from
/// <c>.minato/signing-key</c>; appsettings.Development.json's key only in the Development environment). Without
/// <c>--sub</c> every token gets a subject of its own (role, id and a random suffix): two people never share an identity.
/// </summary>
internal static class TokenCommand
{
    public const string Usage =
        "usage: minato token --role hq|district|shelter|field|facility|public|call-centre [--district ID] [--shelter ID] [--facility ID] " +
        "[--sub NAME] [--minutes N]";

    public static Task<int> RunAsync(string[] args)
    {
        string? role = null, district = null, shelter = null, facility = null, subject = null;
        int? minutes = null;
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : null;
            switch (args[i])
            {
                case "--role": role = value; i++; break;
                case "--district": district = value; i++; break;
                case "--shelter": shelter = value; i++; break;
                case "--facility": facility = value; i++; break;
                case "--sub": subject = value; i++; break;
                case "--minutes" when int.TryParse(value, out var m): minutes = m; i++; break;
                default:
                    return Fail($"unexpected argument '{args[i]}'");
            }
        }

        if (role is null)
        {
            return Fail("--role is required");
        }

        var options = LoadOptions();
        var context = new ValidationContext(options);
        var errors = new List<ValidationResult>();
        if (!Validator.TryValidateObject(options, context, errors, validateAllProperties: true))
        {
            return Fail("Minato:Auth is invalid: " + string.Join("; ", errors.Select(e => e.ErrorMessage)));
        }

        if ((SigningKeyPolicy.Check(options.SigningKey, IsDevelopment()) ?? options.CheckLifetimes()) is { } configError)
        {
            return Fail(configError);
        }

        var request = new TokenRequest(
            subject ?? role + (district is null ? "" : "-" + district) + (shelter is null ? "" : "-" + shelter)
                + (facility is null ? "" : "-" + facility)
                + "-" + RandomNumberGenerator.GetHexString(8, lowercase: true),
            role, district, shelter, minutes is { } n ? TimeSpan.FromMinutes(n) : null, facility);
        if (request.Validate() is { } error)
        {
            return Fail(error);
        }

        if (request.Lifetime > TimeSpan.FromMinutes(options.MaxTokenLifetimeMinutes))
        {
            return Fail($"--minutes is at most {options.MaxTokenLifetimeMinutes} (Minato:Auth:MaxTokenLifetimeMinutes): " +
                        "longer tokens are refused");
        }

        Console.WriteLine(new TokenIssuer(options, TimeProvider.System).Issue(request));
        return Task.FromResult(0);
    }

    private static string EnvironmentName() =>
        Environment.GetEnvironmentVariable("ASPNETCORE_ENVIRONMENT")
        ?? Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT")
        ?? Environments.Production;

    private static bool IsDevelopment() => string.Equals(EnvironmentName(), Environments.Development, StringComparison.OrdinalIgnoreCase);

    // The same sources, in the same order, as the server's host: its tokens are the ones the server accepts.
    private static AuthOptions LoadOptions()
    {
        var configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true)
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, $"appsettings.{EnvironmentName()}.json"), optional: true)
            .AddEnvironmentVariables()
            .Build();
        return ValidatedOptions.Read<AuthOptions>(configuration);
    }

    private static Task<int> Fail(string message)
    {
        Console.Error.WriteLine(message);
        Console.Error.WriteLine(Usage);
        return Task.FromResult(2);
    }
}
