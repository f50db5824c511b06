package dev.provisioning.benchmarks.load;

import java.util.HashMap;
import java.util.Map;

/**
 * Calls per command from Redis {@code INFO commandstats}. Commands a script runs through {@code
 * redis.call} are counted there too, so a delta shows both round trips (EVALSHA) and the commands
 * executed inside the server.
 */
record CommandStats(Map<String, Long> calls) {

    static CommandStats parse(String info) {
        Map<String, Long> calls = new HashMap<>();
        for (String line : info.split("\r?\n")) {
            if (!line.startsWith("cmdstat_")) {
                continue;
            }
            int colon = line.indexOf(':');
            String command = line.substring("cmdstat_".length(), colon);
            for (String field : line.substring(colon + 1).split(",")) {
                if (field.startsWith("calls=")) {
                    calls.put(command, Long.parseLong(field.substring("calls=".length())));
                }
            }
        }
        return new CommandStats(Map.copyOf(calls));
    }

    /** Returns the calls made between {@code earlier} and this snapshot, by command. */
    Map<String, Long> since(CommandStats earlier) {
        Map<String, Long> delta = new HashMap<>();
        calls.forEach(
                (command, count) -> {
                    long diff = count - earlier.calls.getOrDefault(command, 0L);
                    if (diff > 0) {
                        delta.put(command, diff);
                    }
                });
        return delta;
    }

    /** Returns the calls clients sent over the network, leaving out commands run by scripts. */
    static long roundTrips(Map<String, Long> delta) {
        return delta.entrySet().stream()
                .filter(entry -> !SCRIPT_INNER.containsKey(entry.getKey()))
                .filter(entry -> !entry.getKey().equals("info"))
                .mapToLong(Map.Entry::getValue)
                .sum();
    }

    static long total(Map<String, Long> delta) {
        return delta.entrySet().stream()
                .filter(entry -> !entry.getKey().equals("info"))
                .mapToLong(Map.Entry::getValue)
                .sum();
    }

    /** Commands the apply script runs inside the server; the worker never sends them itself. */
    private static final Map<String, Boolean> SCRIPT_INNER =
            Map.ofEntries(
                    Map.entry("hget", true),
                    Map.entry("hset", true),
                    Map.entry("hmget", true),
                    Map.entry("hincrby", true),
                    Map.entry("hdel", true),
                    Map.entry("hexists", true),
                    Map.entry("get", true),
                    Map.entry("set", true),
                    Map.entry("zadd", true),
                    Map.entry("zrem", true),
                    Map.entry("zcard", true),
                    Map.entry("zscore", true),
                    Map.entry("zrange", true),
                    Map.entry("zrangebyscore", true),
                    Map.entry("zrangebylex", true),
                    Map.entry("zlexcount", true),
                    Map.entry("exists", true),
                    Map.entry("expire", true),
                    Map.entry("sadd", true),
                    Map.entry("smembers", true));
}
