package dev.provisioning.worker.bootstrap;

/**
 * One configuration key: its environment variable, default and meaning.
 *
 * @param env the environment variable (also the key in the optional properties file)
 * @param defaultValue the value when unset, or null when the setting is optional with no default
 * @param description what it sets, with its unit
 */
public record Setting(String env, String defaultValue, String description) {}
