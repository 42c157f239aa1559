package dev.sure4j.cli.options;

import dev.sure4j.adapters.io.InputLimits;
import dev.sure4j.adapters.io.InputLimitsBuilder;
import dev.sure4j.adapters.io.JsonInput;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.ISetter;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * The limit flags: one option for each of {@link InputLimits#names()}, made from the names (a
 * picocli mixin built in code, so that a new limit gets its flag without a line here). {@code
 * maxPickleDepth} becomes {@code --max-pickle-depth}; {@code maxSeconds} becomes {@code
 * --max-audio-seconds}, since {@code --max-seconds} already bounds one request or file in several
 * commands. The values given replace the process's {@link InputLimits#defaults()} before the
 * command runs, so every loader of the command reads within them.
 */
public final class LimitOptions {

  /** The name of the mixin in each command. */
  static final String MIXIN = "limits";

  private static final Pattern LIMIT_NAMED = Pattern.compile("\\(limit (\\w+)\\)");

  /** The values given, by limit name, as typed. */
  private final Map<String, String> given = new LinkedHashMap<>();

  private LimitOptions() {}

  /**
   * Returns the flag of a limit.
   *
   * @param name one of {@link InputLimits#names()}, such as {@code maxPickleDepth}
   * @return the flag, such as {@code --max-pickle-depth}
   */
  public static String flag(String name) {
    String words = "maxSeconds".equals(name) ? "maxAudioSeconds" : name;
    return "--" + words.replaceAll("([A-Z])", "-$1").toLowerCase(java.util.Locale.ROOT);
  }

  /**
   * Adds the limit flags to a command.
   *
   * @param command a command that reads untrusted input
   */
  public static void addTo(CommandLine command) {
    LimitOptions options = new LimitOptions();
    CommandSpec mixin = CommandSpec.wrapWithoutInspection(options);
    InputLimits defaults = InputLimits.defaults();
    for (String name : InputLimits.names()) {
      ISetter setter =
          new ISetter() {
            @Override
            public <T> T set(T value) {
              if (value == null) { // picocli resets options to their (absent) default
                options.given.remove(name);
              } else {
                options.given.put(name, (String) value);
              }
              return null;
            }
          };
      mixin.addOption(
          OptionSpec.builder(flag(name))
              .type(String.class)
              .paramLabel("<" + name + ">")
              .description(
                  "Input limit "
                      + name
                      + " (default: "
                      + defaults.value(name)
                      + "; docs/security.md, \"Input limits\").")
              .setter(setter)
              .build());
    }
    command.addMixin(MIXIN, mixin);
  }

  /**
   * Runs the command a command line names with its limit flags as the process's defaults, and puts
   * the defaults back after it, so that a command line embedded in a longer process (tests, the
   * shell) leaves them as it found them.
   *
   * @param parsed the parse result of the whole command line
   * @return the exit code of the command
   * @throws CommandLine.ExecutionException when a value is not a number or not valid for its limit,
   *     with the cause's message one line naming the flag, or when the command fails
   */
  public static int execute(ParseResult parsed) {
    InputLimits before = InputLimits.defaults();
    try {
      apply(parsed);
      return new CommandLine.RunLast().execute(parsed);
    } finally {
      InputLimits.setDefaults(before);
    }
  }

  private static void apply(ParseResult parsed) {
    ParseResult last = parsed;
    while (last.subcommand() != null) {
      last = last.subcommand();
    }
    CommandSpec mixin = last.commandSpec().mixins().get(MIXIN);
    if (mixin == null || !(mixin.userObject() instanceof LimitOptions options)) {
      return;
    }
    try {
      options.applyToDefaults();
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ExecutionException(last.commandSpec().commandLine(), e.getMessage(), e);
    }
  }

  private void applyToDefaults() {
    if (given.isEmpty()) {
      return;
    }
    InputLimitsBuilder b = InputLimits.builder();
    for (Map.Entry<String, String> e : given.entrySet()) {
      try {
        b.optLimit(e.getKey(), e.getValue());
      } catch (IllegalArgumentException ex) {
        throw new IllegalArgumentException(
            flag(e.getKey())
                + " '"
                + JsonInput.oneLine(e.getValue())
                + "': "
                + (ex instanceof NumberFormatException ? "not a number" : ex.getMessage()),
            ex);
      }
    }
    try {
      InputLimits.setDefaults(b.build());
    } catch (IllegalArgumentException ex) {
      throw new IllegalArgumentException(
          flag("minSampleRate") + "/" + flag("maxSampleRate") + ": " + ex.getMessage(), ex);
    }
  }

  /**
   * Adds the flag to each limit a message names: {@code (limit maxPickleDepth)} becomes {@code
   * (limit maxPickleDepth, flag --max-pickle-depth)}, so the user knows what to raise.
   *
   * @param message a one-line error message
   * @return the message with the flags
   */
  public static String namingFlags(String message) {
    Matcher m = LIMIT_NAMED.matcher(message);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String name = m.group(1);
      String replacement =
          InputLimits.names().contains(name)
              ? "(limit " + name + ", flag " + flag(name) + ")"
              : m.group();
      m.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    return m.appendTail(out).toString();
  }
}
