package org.constcl.eval.benchmark;

import java.util.List;

/**
 * One setting a benchmark takes: its key (snake_case; the command-line flag is the key with dashes),
 * type, meaning and, for strings, the allowed values.
 *
 * @param experiment whether an experiment file may set it (the others are command-line only, such
 *     as paths to annotation files, which the engine passes as inputs)
 */
public record SettingSpec(String key, Type type, String description, List<String> choices, boolean experiment) {
  /** JSON types a setting can have. */
  public enum Type { INTEGER, NUMBER, STRING, BOOLEAN }

  public static SettingSpec integer(String key, String description) {
    return new SettingSpec(key, Type.INTEGER, description, List.of(), true);
  }

  public static SettingSpec number(String key, String description) {
    return new SettingSpec(key, Type.NUMBER, description, List.of(), true);
  }

  public static SettingSpec bool(String key, String description) {
    return new SettingSpec(key, Type.BOOLEAN, description, List.of(), true);
  }

  public static SettingSpec choice(String key, String description, String... values) {
    return new SettingSpec(key, Type.STRING, description, List.of(values), true);
  }

  public static SettingSpec string(String key, String description) {
    return new SettingSpec(key, Type.STRING, description, List.of(), true);
  }

  /** The same setting, for the command line only. */
  public SettingSpec commandLineOnly() {
    return new SettingSpec(key, type, description, choices, false);
  }
}
