package dev.provisioning.benchmarks.load;

/**
 * One generated request record.
 *
 * @param sequence the number in its requestId ({@code ld-<sequence>}), unique within a run
 * @param accountId the record key and the request's accountId
 * @param value the request JSON, UTF-8
 */
record Request(long sequence, String accountId, byte[] value) {}
