using System.ComponentModel;
using Microsoft.AspNetCore.Mvc;

namespace Minato.Gis.Http.Ogc;

/// <summary>
/// The documented query parameters of the items endpoint, for the OpenAPI document only. The handler parses the raw
/// query itself (<see cref="Features.FeatureQueryParser"/>) so that unknown and repeated parameters get a 400 and
/// property filters (<c>?name=value</c>) work; everything here is a string so binding never fails first.
/// </summary>
public sealed record ItemsParameters(
    [property: FromQuery(Name = "limit"),
        Description("Features per page, 1 to the maximum (default 100, larger values are clamped to 10000).")]
    string? Limit,
    [property: FromQuery(Name = "offset"), Description("Features to skip (default 0); next/prev links carry it.")]
    string? Offset,
    [property: FromQuery(Name = "bbox"),
        Description("minA,minB,maxA,maxB in the axis order of bbox-crs (CRS84: lon,lat; EPSG:6668: lat,lon).")]
    string? Bbox,
    [property: FromQuery(Name = "bbox-crs"), Description("CRS URI of bbox (default http://www.opengis.net/def/crs/OGC/1.3/CRS84).")]
    string? BboxCrs,
    [property: FromQuery(Name = "crs"), Description("CRS URI of the response geometries (see the collection's crs list).")]
    string? Crs,
    [property: FromQuery(Name = "datetime"),
        Description("RFC 3339 instant, date, or interval start/end with '..' for an open end; only collections with a temporal property.")]
    string? Datetime,
    [property: FromQuery(Name = "f"), Description("Format: json or geojson (the only encoding).")]
    string? F);
