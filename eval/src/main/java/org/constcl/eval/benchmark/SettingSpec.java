package org.constcl.eval.benchmark;

import java.util.ArrayList;
import java.util.List;

/**
 * One setting a benchmark takes: its key (snake_case; the command-line flag is the key with dashes,
 * {@code --frame-stride}), type, meaning with its default, for strings the allowed values, and
 * further flags a person may type.
 *
 * @param experiment whether an experiment file may set it (the others are command-line only, such
 *     as paths to annotation files, which an experiment gives as datasets)
 * @param aliases further command-line names, e.g. {@code --protocol}
 */
public record SettingSpec(String key, Type type, String description, List<String> choices, boolean experiment,
    List<String> aliases) {
  /** JSON types a setting can have. */
  public enum Type { INTEGER, NUMBER, STRING, BOOLEAN }

  public SettingSpec {
    choices = List.copyOf(choices);
    aliases = List.copyOf(aliases);
  }

  public static SettingSpec integer(String key, String description) {
    return new SettingSpec(key, Type.INTEGER, description, List.of(), true, List.of());
  }

  public static SettingSpec number(String key, String description) {
    return new SettingSpec(key, Type.NUMBER, description, List.of(), true, List.of());
  }

  public static SettingSpec bool(String key, String description) {
    return new SettingSpec(key, Type.BOOLEAN, description, List.of(), true, List.of());
  }

  public static SettingSpec choice(String key, String description, String... values) {
    return new SettingSpec(key, Type.STRING, description, List.of(values), true, List.of());
  }

  public static SettingSpec string(String key, String description) {
    return new SettingSpec(key, Type.STRING, description, List.of(), true, List.of());
  }

  /** The command-line flag: the key with dashes. */
  public String flag() {
    return "--" + key.replace('_', '-');
  }

  /** The same setting, for the command line only. */
  public SettingSpec commandLineOnly() {
    return new SettingSpec(key, type, description, choices, false, aliases);
  }

  /** The same setting with another command-line name. */
  public SettingSpec alias(String flag) {
    List<String> a = new ArrayList<>(aliases);
    a.add(flag);
    return new SettingSpec(key, type, description, choices, experiment, a);
  }
}
