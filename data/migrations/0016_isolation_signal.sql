-- The live isolation (issue 13) is recomputed when what decides it changes: roads, hazard areas, facilities and 町丁目
-- already notify minato_layer_changed (0001, 0010); a centre that operations open or close (ops.shelter_status) is a
-- destination or not (Routing/RoutePlanner: closed = NOT open AND closed_at IS NOT NULL), so it notifies too, under its
-- own change key. Only rows whose open/closed state changes count: head counts change far more often and decide nothing.
CREATE TRIGGER shelter_status_open_changed AFTER UPDATE OF open, closed_at ON ops.shelter_status
    FOR EACH ROW WHEN (OLD.open IS DISTINCT FROM NEW.open OR OLD.closed_at IS DISTINCT FROM NEW.closed_at)
    EXECUTE FUNCTION gis.bump_layer_version('shelter_status');
CREATE TRIGGER shelter_status_open_inserted AFTER INSERT ON ops.shelter_status
    FOR EACH ROW WHEN (NEW.open OR NEW.closed_at IS NOT NULL)
    EXECUTE FUNCTION gis.bump_layer_version('shelter_status');
CREATE TRIGGER shelter_status_open_deleted AFTER DELETE ON ops.shelter_status
    FOR EACH ROW WHEN (OLD.open OR OLD.closed_at IS NOT NULL)
    EXECUTE FUNCTION gis.bump_layer_version('shelter_status');
