-- Hourly rollups for the admin Overview, so its cost does not grow with the window's size
-- (lib/admin/overview.ts reads whole hours from here, and only the partial hours at the
-- window's two ends from the raw tables).
--
-- "OverviewAttemptHour": per hour of "requestedAt", how many attempts were requested, sent,
--   opened, ended in each state, were rated ELEVATED or HIGH, and reached a session or a
--   provider-confirmed delivery (an audit event "session.created" / "email.delivered").
--   A trigger on "LoginAttempt" adds each row's contribution as it is written and takes the
--   old one away as it changes, in the same transaction, so the rollup is exact at every commit.
--   The counters are split into shards (the writing backend's pid modulo 16) so concurrent
--   sign-ins in the same hour do not queue on one row: read the sum over shards. A shard's
--   counters may be negative. Shard -1 is written only under the audit chain's lock (below).
-- "OverviewEventHour": per hour of "createdAt", the number of audit events of each kind
--   (overview_event_kind: the type, with email.failed split by details.failure and scanner
--   fetches of links told apart). Written by a trigger on "AuditEvent", which only the chain's
--   append trigger inserts into, one transaction at a time (advisory lock 724311001).
--
-- The app's role may only read both tables (scripts/support/database-roles.ts): the triggers
-- run as their owner (SECURITY DEFINER, fixed search_path). The audit trail stays append-only:
-- nothing here updates or deletes an event.
--
-- overview_rollups_rebuild() recomputes both from the raw tables (this migration's backfill;
-- the admin bench calls it after its bulk load). Prisma's migrator splits scripts at every
-- semicolon: function bodies are E'' strings that spell each semicolon as \x3B.

CREATE TABLE "OverviewAttemptHour" (
    "hour" TIMESTAMP(3) NOT NULL,
    "shard" INTEGER NOT NULL,
    "requested" INTEGER NOT NULL DEFAULT 0,
    "sent" INTEGER NOT NULL DEFAULT 0,
    "opened" INTEGER NOT NULL DEFAULT 0,
    "redeemed" INTEGER NOT NULL DEFAULT 0,
    "openPending" INTEGER NOT NULL DEFAULT 0,
    "openFailed" INTEGER NOT NULL DEFAULT 0,
    "superseded" INTEGER NOT NULL DEFAULT 0,
    "cancelled" INTEGER NOT NULL DEFAULT 0,
    "locked" INTEGER NOT NULL DEFAULT 0,
    "elevated" INTEGER NOT NULL DEFAULT 0,
    "high" INTEGER NOT NULL DEFAULT 0,
    "sessions" INTEGER NOT NULL DEFAULT 0,
    "delivered" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "OverviewAttemptHour_pkey" PRIMARY KEY ("hour", "shard")
);

CREATE TABLE "OverviewEventHour" (
    "hour" TIMESTAMP(3) NOT NULL,
    "kind" TEXT NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "OverviewEventHour_pkey" PRIMARY KEY ("hour", "kind")
);

-- The Overview's live parts: open attempts not yet expired (still open vs expired unused), and
-- the median time from send to click (an index-only scan over the window's opened attempts).
CREATE INDEX "LoginAttempt_open_expiresAt_idx" ON "LoginAttempt"("expiresAt") WHERE status IN ('PENDING', 'AWAITING_APPROVAL', 'DELIVERY_FAILED');
CREATE INDEX "LoginAttempt_sendToClick_idx" ON "LoginAttempt"("requestedAt") INCLUDE ("sentAt", "openedAt") WHERE "openedAt" >= "sentAt";

-- The kind an event is counted under. The Overview's failure list, fetch counts and
-- rate-limited requests read these kinds.
CREATE FUNCTION overview_event_kind(p_type text, p_details jsonb) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE AS E'
  SELECT CASE
    WHEN p_type = ''email.failed'' AND p_details->>''failure'' IN (''permanent'', ''temporary'') THEN p_type || '':'' || (p_details->>''failure'')
    WHEN p_type = ''link.fetched'' AND p_details->>''likelyScanner'' = ''true'' THEN ''link.fetched:scanner''
    ELSE p_type END
';

-- One attempt's contribution, in the order of "OverviewAttemptHour"'s counters (requested …
-- high), without the two that depend on audit events.
CREATE FUNCTION overview_attempt_counts(a "LoginAttempt") RETURNS integer[]
  LANGUAGE sql IMMUTABLE PARALLEL SAFE AS E'
  SELECT ARRAY[1,
    (a."sentAt" IS NOT NULL)::int,
    (a."openedAt" IS NOT NULL OR a."redeemedAt" IS NOT NULL)::int,
    (a.status = ''REDEEMED'')::int,
    (a.status IN (''PENDING'', ''AWAITING_APPROVAL''))::int,
    (a.status = ''DELIVERY_FAILED'')::int,
    (a.status = ''SUPERSEDED'')::int,
    (a.status = ''CANCELLED'')::int,
    (a.status = ''LOCKED'')::int,
    (a."riskLevel" = ''ELEVATED'')::int,
    (a."riskLevel" = ''HIGH'')::int]
';

-- Whether the attempt has an event of this type (session.created, email.delivered).
CREATE FUNCTION overview_attempt_has_event(p_attempt_id text, p_type text) RETURNS integer
  LANGUAGE sql STABLE SET search_path = public, pg_temp AS E'
  SELECT CASE WHEN EXISTS (SELECT 1 FROM public."AuditEvent" e WHERE e."attemptId" = p_attempt_id AND e.type = p_type) THEN 1 ELSE 0 END
';

CREATE FUNCTION overview_attempt_add(p_hour timestamp, p_shard integer, c integer[], p_sessions integer, p_delivered integer) RETURNS void
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS E'
BEGIN
  INSERT INTO public."OverviewAttemptHour" AS t (hour, shard, requested, sent, opened, redeemed, "openPending", "openFailed", superseded, cancelled, locked, elevated, high, sessions, delivered)
  VALUES (p_hour, p_shard, c[1], c[2], c[3], c[4], c[5], c[6], c[7], c[8], c[9], c[10], c[11], p_sessions, p_delivered)
  ON CONFLICT (hour, shard) DO UPDATE SET requested = t.requested + EXCLUDED.requested, sent = t.sent + EXCLUDED.sent, opened = t.opened + EXCLUDED.opened,
    redeemed = t.redeemed + EXCLUDED.redeemed, "openPending" = t."openPending" + EXCLUDED."openPending", "openFailed" = t."openFailed" + EXCLUDED."openFailed",
    superseded = t.superseded + EXCLUDED.superseded, cancelled = t.cancelled + EXCLUDED.cancelled, locked = t.locked + EXCLUDED.locked,
    elevated = t.elevated + EXCLUDED.elevated, high = t.high + EXCLUDED.high, sessions = t.sessions + EXCLUDED.sessions, delivered = t.delivered + EXCLUDED.delivered\x3B
END
';

REVOKE ALL ON FUNCTION overview_attempt_add(timestamp, integer, integer[], integer, integer) FROM PUBLIC;

CREATE FUNCTION overview_counts_minus(a integer[], b integer[]) RETURNS integer[]
  LANGUAGE sql IMMUTABLE PARALLEL SAFE AS E'
  SELECT array_agg(x - y ORDER BY i) FROM unnest(a, b) WITH ORDINALITY AS u(x, y, i)
';

-- An ordinary change (status, sent, opened, risk) moves counters within the row's hour, in the
-- writer's own shard. Inserting an attempt counts the session/delivery events it may already
-- have. A deletion, or a move to another hour, first takes the audit chain's lock and writes to
-- shard -1, so it cannot race an event for the same attempt being appended (the event trigger
-- below holds that lock while it reads the attempt row).
CREATE FUNCTION overview_attempt_rollup() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS E'
DECLARE
  change integer[]\x3B
BEGIN
  IF TG_OP = ''INSERT'' THEN
    PERFORM overview_attempt_add(date_trunc(''hour'', NEW."requestedAt"), pg_backend_pid() % 16, overview_attempt_counts(NEW),
      overview_attempt_has_event(NEW.id, ''session.created''), overview_attempt_has_event(NEW.id, ''email.delivered''))\x3B
  ELSIF TG_OP = ''UPDATE'' AND date_trunc(''hour'', OLD."requestedAt") = date_trunc(''hour'', NEW."requestedAt") THEN
    change := overview_counts_minus(overview_attempt_counts(NEW), overview_attempt_counts(OLD))\x3B
    IF change <> array_fill(0, ARRAY[11]) THEN
      PERFORM overview_attempt_add(date_trunc(''hour'', NEW."requestedAt"), pg_backend_pid() % 16, change, 0, 0)\x3B
    END IF\x3B
  ELSE
    PERFORM pg_advisory_xact_lock(724311001)\x3B
    PERFORM overview_attempt_add(date_trunc(''hour'', OLD."requestedAt"), -1, overview_counts_minus(array_fill(0, ARRAY[11]), overview_attempt_counts(OLD)),
      -overview_attempt_has_event(OLD.id, ''session.created''), -overview_attempt_has_event(OLD.id, ''email.delivered''))\x3B
    IF TG_OP = ''UPDATE'' THEN
      PERFORM overview_attempt_add(date_trunc(''hour'', NEW."requestedAt"), -1, overview_attempt_counts(NEW),
        overview_attempt_has_event(NEW.id, ''session.created''), overview_attempt_has_event(NEW.id, ''email.delivered''))\x3B
    END IF\x3B
  END IF\x3B
  RETURN NULL\x3B
END
';

REVOKE ALL ON FUNCTION overview_attempt_rollup() FROM PUBLIC;

CREATE TRIGGER overview_attempt_rollup AFTER INSERT OR DELETE OR UPDATE OF "requestedAt", status, "sentAt", "openedAt", "redeemedAt", "riskLevel" ON "LoginAttempt"
  FOR EACH ROW EXECUTE FUNCTION overview_attempt_rollup();

-- Runs inside the chain's append (audit_event_append_at_commit holds advisory lock 724311001),
-- so events are counted one at a time, in chain order: the first session.created or
-- email.delivered event of an attempt counts for the attempt's hour, later ones do not.
CREATE FUNCTION overview_event_rollup() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS E'
DECLARE
  requested timestamp\x3B
BEGIN
  INSERT INTO public."OverviewEventHour" AS t (hour, kind, count) VALUES (date_trunc(''hour'', NEW."createdAt"), overview_event_kind(NEW.type, NEW.details), 1)
  ON CONFLICT (hour, kind) DO UPDATE SET count = t.count + 1\x3B
  IF NEW.type IN (''session.created'', ''email.delivered'') AND NEW."attemptId" IS NOT NULL
     AND NOT EXISTS (SELECT 1 FROM public."AuditEvent" e WHERE e."attemptId" = NEW."attemptId" AND e.type = NEW.type AND e.seq < NEW.seq) THEN
    SELECT "requestedAt" INTO requested FROM public."LoginAttempt" WHERE id = NEW."attemptId"\x3B
    IF FOUND THEN
      PERFORM overview_attempt_add(date_trunc(''hour'', requested), -1, array_fill(0, ARRAY[11]),
        (NEW.type = ''session.created'')::int, (NEW.type = ''email.delivered'')::int)\x3B
    END IF\x3B
  END IF\x3B
  RETURN NULL\x3B
END
';

REVOKE ALL ON FUNCTION overview_event_rollup() FROM PUBLIC;

CREATE TRIGGER overview_event_rollup AFTER INSERT ON "AuditEvent"
  FOR EACH ROW EXECUTE FUNCTION overview_event_rollup();

-- Recomputes both rollups from the raw tables, with writers held off (attempt writes by the
-- table lock, event appends by the chain's lock) so the result is exact at its commit.
CREATE FUNCTION overview_rollups_rebuild() RETURNS void
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS E'
BEGIN
  LOCK TABLE public."LoginAttempt" IN SHARE MODE\x3B
  PERFORM pg_advisory_xact_lock(724311001)\x3B
  DELETE FROM public."OverviewAttemptHour"\x3B
  DELETE FROM public."OverviewEventHour"\x3B
  INSERT INTO public."OverviewAttemptHour" (hour, shard, requested, sent, opened, redeemed, "openPending", "openFailed", superseded, cancelled, locked, elevated, high, sessions, delivered)
  SELECT hour, 0, sum(c[1]), sum(c[2]), sum(c[3]), sum(c[4]), sum(c[5]), sum(c[6]), sum(c[7]), sum(c[8]), sum(c[9]), sum(c[10]), sum(c[11]), sum(s), sum(d)
  FROM (
    SELECT date_trunc(''hour'', a."requestedAt") AS hour, overview_attempt_counts(a) AS c,
      (s."attemptId" IS NOT NULL)::int AS s, (d."attemptId" IS NOT NULL)::int AS d
    FROM public."LoginAttempt" a
    LEFT JOIN (SELECT DISTINCT "attemptId" FROM public."AuditEvent" WHERE type = ''session.created'') s ON s."attemptId" = a.id
    LEFT JOIN (SELECT DISTINCT "attemptId" FROM public."AuditEvent" WHERE type = ''email.delivered'') d ON d."attemptId" = a.id
  ) per_attempt
  GROUP BY hour\x3B
  INSERT INTO public."OverviewEventHour" (hour, kind, count)
  SELECT date_trunc(''hour'', "createdAt"), overview_event_kind(type, details), count(*)
  FROM public."AuditEvent" GROUP BY 1, 2\x3B
END
';

REVOKE ALL ON FUNCTION overview_rollups_rebuild() FROM PUBLIC;

SELECT overview_rollups_rebuild();
