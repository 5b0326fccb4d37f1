-- Evacuation routing (issue 13): gis.roads stays the one road table and becomes a routable graph.
-- Nodes are the distinct end points of the road rows: two rows meet only where an end point of one equals an end point of
-- the other, exactly. The OSM importer splits ways at the OSM nodes they share, so a bridge crossing a road without a
-- shared node is no junction; GeoJSON roads are noded at equal end points. A row trigger keeps the node ids and the
-- length current whoever writes the geometry (imports, tests, tools), so the graph can never drift from the table.
CREATE TABLE gis.road_nodes (
    id    bigserial PRIMARY KEY,
    geom  geometry(Point, 6668) NOT NULL
);
-- Exact equality (PostGIS 3 btree on geometry compares the coordinates bit for bit), never a tolerance.
CREATE UNIQUE INDEX road_nodes_geom_key ON gis.road_nodes (geom);

ALTER TABLE gis.roads
    ADD COLUMN source_node bigint,                                   -- gis.road_nodes.id of the first point
    ADD COLUMN target_node bigint,                                   -- gis.road_nodes.id of the last point
    ADD COLUMN length_m    double precision,                         -- on the GRS80 ellipsoid
    ADD COLUMN foot        boolean NOT NULL DEFAULT true,            -- walkers may use it (the importer decides)
    ADD COLUMN steps       boolean GENERATED ALWAYS AS (road_class = 'steps') STORED;
CREATE INDEX roads_source_node_idx ON gis.roads (source_node);
CREATE INDEX roads_target_node_idx ON gis.roads (target_node);

CREATE FUNCTION gis.road_node(p geometry) RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
    nid bigint;
BEGIN
    SELECT id INTO nid FROM gis.road_nodes WHERE geom = p;
    IF nid IS NULL THEN
        INSERT INTO gis.road_nodes (geom) VALUES (p) ON CONFLICT (geom) DO NOTHING RETURNING id INTO nid;
        IF nid IS NULL THEN -- a concurrent writer inserted it first
            SELECT id INTO nid FROM gis.road_nodes WHERE geom = p;
        END IF;
    END IF;
    RETURN nid;
END $$;

CREATE FUNCTION gis.road_topology() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.source_node := gis.road_node(ST_StartPoint(NEW.geom));
    NEW.target_node := gis.road_node(ST_EndPoint(NEW.geom));
    NEW.length_m := ST_Length(NEW.geom::geography);
    RETURN NEW;
END $$;

CREATE TRIGGER roads_topology BEFORE INSERT OR UPDATE OF geom ON gis.roads
    FOR EACH ROW EXECUTE FUNCTION gis.road_topology();

UPDATE gis.roads SET geom = geom;
UPDATE gis.roads SET foot = false WHERE road_class IN ('motorway', 'motorway_link');

ALTER TABLE gis.roads
    ALTER COLUMN source_node SET NOT NULL,
    ALTER COLUMN target_node SET NOT NULL,
    ALTER COLUMN length_m SET NOT NULL;
