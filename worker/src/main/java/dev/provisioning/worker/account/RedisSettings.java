package dev.provisioning.worker.account;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Location and client options of the Redis that stores account state.
 *
 * @param uri {@code redis://} or {@code rediss://} URI, optionally with a password. With {@code
 *     cluster}, it may name several seed nodes separated by commas after one scheme: {@code
 *     redis://10.0.0.1:6379,10.0.0.2:6379}. It may contain a password, so it is never logged.
 * @param cluster whether {@code uri} names seed nodes of a Redis Cluster rather than one server
 * @param commandTimeout timeout of one Redis call
 * @param tlsCaFile PEM file of the certificates that a {@code rediss://} connection trusts in place
 *     of the JVM's default trust store, or null to use that store
 */
public record RedisSettings(String uri, boolean cluster, Duration commandTimeout, Path tlsCaFile) {
    private static final int DEFAULT_PORT = 6379;

    /** Creates settings that trust the JVM's default certificate authorities. */
    public RedisSettings(String uri, boolean cluster, Duration commandTimeout) {
        this(uri, cluster, commandTimeout, null);
    }

    /** Returns a copy with another command timeout. */
    public RedisSettings withCommandTimeout(Duration timeout) {
        return new RedisSettings(uri, cluster, timeout, tlsCaFile);
    }

    /**
     * Returns the host:port pairs of the URI, without scheme or password, for log lines and
     * messages.
     *
     * @throws IllegalArgumentException if the URI has no scheme separator, a host is empty or a
     *     port is not a number from 1 to 65535. The message leaves the URI out because it may
     *     contain a password.
     */
    public List<String> hosts() {
        return hostsOf(uri);
    }

    /** Does the work of {@link #hosts()} for any URI text. */
    public static List<String> hostsOf(String uri) {
        int schemeEnd = uri.indexOf("://");
        if (schemeEnd < 0) {
            throw new IllegalArgumentException("expected a scheme such as redis://");
        }
        String authority = uri.substring(schemeEnd + 3);
        int pathStart = authority.indexOf('/');
        if (pathStart >= 0) {
            authority = authority.substring(0, pathStart);
        }
        authority = authority.substring(authority.lastIndexOf('@') + 1);

        List<String> hosts = new ArrayList<>();
        for (String host : authority.split(",", -1)) {
            hosts.add(hostAndPort(host.strip()));
        }
        return List.copyOf(hosts);
    }

    /** Checks one {@code host[:port]} entry and returns it with the port made explicit. */
    private static String hostAndPort(String entry) {
        int portSeparator = entry.lastIndexOf(':');
        if (entry.startsWith("[")) {
            // An IPv6 literal such as [::1]:6379 has colons of its own inside the brackets.
            portSeparator = portSeparator > entry.indexOf(']') ? portSeparator : -1;
        }
        String host = portSeparator < 0 ? entry : entry.substring(0, portSeparator);
        if (host.isEmpty() || host.equals("[]")) {
            throw new IllegalArgumentException("expected a host in each host:port entry");
        }
        if (portSeparator < 0) {
            return host + ":" + DEFAULT_PORT;
        }

        String port = entry.substring(portSeparator + 1);
        try {
            int number = Integer.parseInt(port);
            if (number >= 1 && number <= 65_535) {
                return host + ":" + number;
            }
        } catch (NumberFormatException e) {
            // reported below with the expected range
        }
        throw new IllegalArgumentException(
                "invalid port \"" + port + "\" of host " + host + ": expected 1 to 65535");
    }

    /** Leaves the URI out, because it may contain a password. */
    @Override
    public String toString() {
        String hosts;
        try {
            hosts = String.join(",", hosts());
        } catch (IllegalArgumentException e) {
            hosts = "(invalid)";
        }
        return "RedisSettings[hosts="
                + hosts
                + ", cluster="
                + cluster
                + ", commandTimeout="
                + commandTimeout
                + ", tlsCaFile="
                + tlsCaFile
                + "]";
    }
}
