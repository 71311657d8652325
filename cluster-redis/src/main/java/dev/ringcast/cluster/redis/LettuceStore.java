package dev.ringcast.cluster.redis;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The {@link Store} over one Lettuce connection. Every call is one script (atomic in Redis, and
 * one round trip); calls from many threads are pipelined on the connection.
 */
final class LettuceStore implements Store {

    /**
     * Assigns the next id, stores the event, publishes it on its partition. KEYS: meta, stream,
     * channel. ARGV: retained length, entry, topic, TTL in ms (0: none). A topic without meta (new,
     * or lost by Redis) starts an epoch at Redis's clock in microseconds, above every id an earlier
     * epoch gave out. Ids are formatted with %.0f: Lua's default formatting of a number of 16 digits
     * loses digits.
     */
    static final Script APPEND = new Script("""
            #!lua
            local id = redis.call('HINCRBY', KEYS[1], 'last', 1)
            if id == 1 then
              local t = redis.call('TIME')
              id = tonumber(t[1]) * 1000000 + tonumber(t[2])
              redis.call('HSET', KEYS[1], 'first', string.format('%.0f', id), 'last', string.format('%.0f', id))
            end
            local sid = string.format('%.0f', id)
            redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[1], sid .. '-0', 'e', ARGV[2])
            redis.call('SPUBLISH', KEYS[3], sid .. '\\n' .. ARGV[3] .. '\\n' .. ARGV[2])
            if ARGV[4] ~= '0' then
              redis.call('PEXPIRE', KEYS[1], ARGV[4])
              redis.call('PEXPIRE', KEYS[2], ARGV[4])
            end
            return id
            """);

    /** The epoch and newest id; starts an epoch when there is none. KEYS: meta. ARGV: TTL in ms. */
    static final Script SYNC = new Script("""
            #!lua
            local m = redis.call('HMGET', KEYS[1], 'first', 'last')
            if m[1] and m[2] then
              return {m[1], m[2]}
            end
            local t = redis.call('TIME')
            local first = tonumber(t[1]) * 1000000 + tonumber(t[2])
            local f = string.format('%.0f', first)
            local l = string.format('%.0f', first - 1)
            redis.call('HSET', KEYS[1], 'first', f, 'last', l)
            if ARGV[1] ~= '0' then
              redis.call('PEXPIRE', KEYS[1], ARGV[1])
            end
            return {f, l}
            """);

    /**
     * Entries in (ARGV[1], ARGV[2]], at most ARGV[3], with the epoch and the stream's oldest id,
     * read atomically. KEYS: meta, stream.
     */
    static final Script RANGE = new Script("""
            #!lua flags=no-writes
            local m = redis.call('HMGET', KEYS[1], 'first', 'last')
            local oldest = redis.call('XRANGE', KEYS[2], '-', '+', 'COUNT', 1)
            local first = false
            if oldest[1] then
              first = oldest[1][1]
            end
            local entries = redis.call('XRANGE', KEYS[2], '(' .. ARGV[1] .. '-0', ARGV[2] .. '-0', 'COUNT', ARGV[3])
            return {m[1], m[2], first, entries}
            """);

    /** A script and its SHA-1, the name Redis caches it under. */
    record Script(String body, String sha) {
        Script(String body) {
            this(body, sha1(body));
        }

        private static String sha1(String body) {
            try {
                return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1")
                        .digest(body.getBytes(StandardCharsets.UTF_8)));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("the JVM has no SHA-1", e);
            }
        }
    }

    private final StatefulRedisConnection<byte[], byte[]> connection;
    private final RedisAsyncCommands<byte[], byte[]> redis;
    private final String where;
    private final long timeoutMillis;
    private final byte[] ttl;

    LettuceStore(StatefulRedisConnection<byte[], byte[]> connection, String where, long timeoutMillis, long ttlMillis) {
        this.connection = connection;
        this.redis = connection.async();
        this.where = where;
        this.timeoutMillis = timeoutMillis;
        this.ttl = ascii(ttlMillis);
    }

    private static byte[] ascii(long n) {
        return Long.toString(n).getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public long append(TopicKeys keys, int retained, byte[] entry) {
        if (!connection.isOpen()) {
            throw new RedisUnavailableException("Redis at " + where + " is unreachable: the event was not "
                    + "published; publish again once Redis is back", null);
        }
        CompletableFuture<Long> call = eval(APPEND, ScriptOutputType.INTEGER,
                new byte[][] {keys.meta, keys.stream, keys.channel}, ascii(retained), entry, keys.topicBytes, ttl);
        // Failed before it could be sent: the client refused it (the connection dropped just now).
        boolean refusedAtOnce = call.isCompletedExceptionally();
        try {
            return call.get(timeoutMillis + 1000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RedisUnavailableException("interrupted while publishing to Redis at " + where
                    + ": the event may or may not have been published", e);
        } catch (TimeoutException e) {
            throw timedOut(e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RedisCommandTimeoutException) {
                throw timedOut(cause);
            }
            if ((refusedAtOnce || neverSent(cause)) && !(cause instanceof RedisCommandExecutionException)) {
                throw new RedisUnavailableException("Redis at " + where + " is unreachable (" + cause.getMessage()
                        + "): the event was not published; publish again once Redis is back", cause);
            }
            if (cause instanceof RedisCommandExecutionException) {
                // An error reply (out of memory, say): the script did not run, nothing was written.
                throw new RedisUnavailableException("Redis at " + where + " refused the event (" + cause.getMessage()
                        + "): it was not published; publish again later", cause);
            }
            throw new RedisUnavailableException("the connection to Redis at " + where + " failed while publishing ("
                    + cause.getMessage() + "): the event may or may not have been published", cause);
        }
    }

    /**
     * Lettuce's refusal of a command while it is disconnected (its REJECT_COMMANDS behaviour): the
     * command was never written, though the refusal can complete the call a moment after it returned.
     * Lettuce has no exception type of its own for it, only this message.
     */
    private static boolean neverSent(Throwable cause) {
        String m = cause.getMessage();
        return m != null && m.startsWith("Currently not connected");
    }

    private RedisUnavailableException timedOut(Throwable cause) {
        return new RedisUnavailableException("Redis at " + where + " did not answer within " + timeoutMillis
                + " ms: the event may or may not have been published; publish again later", cause);
    }

    @Override
    public CompletableFuture<Meta> sync(TopicKeys keys) {
        CompletableFuture<List<Object>> call = eval(SYNC, ScriptOutputType.MULTI, new byte[][] {keys.meta}, ttl);
        return call.thenApply(r -> new Meta(number(r.get(0)), number(r.get(1))));
    }

    @Override
    public CompletableFuture<Range> range(TopicKeys keys, long afterId, long toId) {
        CompletableFuture<List<Object>> call = eval(RANGE, ScriptOutputType.MULTI,
                new byte[][] {keys.meta, keys.stream}, ascii(afterId), ascii(toId), ascii(toId - afterId));
        return call.thenApply(r -> {
            Meta meta = r.get(0) == null || r.get(1) == null ? null : new Meta(number(r.get(0)), number(r.get(1)));
            long streamFirst = r.get(2) == null ? 0 : EventCodec.entryId((byte[]) r.get(2));
            List<?> entries = (List<?>) r.get(3);
            long[] ids = new long[entries.size()];
            byte[][] values = new byte[entries.size()][];
            for (int i = 0; i < ids.length; i++) {
                List<?> entry = (List<?>) entries.get(i);
                ids[i] = EventCodec.entryId((byte[]) entry.get(0));
                List<?> fields = (List<?>) entry.get(1);
                values[i] = (byte[]) fields.get(1);
            }
            return new Range(meta, afterId, toId, streamFirst, ids, values);
        });
    }

    private static long number(Object reply) {
        if (reply instanceof Long l) {
            return l;
        }
        byte[] b = (byte[]) reply;
        return EventCodec.parseLong(b, 0, b.length);
    }

    /** EVALSHA, or EVAL once when Redis does not have the script (it restarted, say). */
    private <T> CompletableFuture<T> eval(Script script, ScriptOutputType type, byte[][] keys, byte[]... args) {
        CompletableFuture<T> first = redis.<T>evalsha(script.sha(), type, keys, args).toCompletableFuture();
        return first.exceptionallyCompose(e -> {
            Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
            if (cause instanceof RedisNoScriptException) {
                return redis.<T>eval(script.body(), type, keys, args).toCompletableFuture();
            }
            return CompletableFuture.failedFuture(cause);
        });
    }
}
