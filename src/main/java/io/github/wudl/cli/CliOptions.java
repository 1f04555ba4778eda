package io.github.wudl.cli;

import io.github.wudl.wua.DownloadPriority;
import io.github.wudl.wua.DownloadType;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Parsing of option values shared by the command line and the Jenkins steps, so both accept and refuse the
 * same spellings with the same messages. Each parser throws {@link IllegalArgumentException} with a message
 * that says what is accepted; the nested converters adapt them to picocli.
 */
public final class CliOptions {
    private static final Duration MAX_SECONDS = Duration.ofDays(365);

    /** The architectures {@code --arch} (and {@code wuDownload}'s {@code arch}) take. */
    public static final List<String> ARCHITECTURES = List.of("x64", "x86", "arm64");
    /** The least {@code --memory-limit} the script host runs with. */
    public static final long MIN_MEMORY_LIMIT = 64L << 20;

    private static final java.util.regex.Pattern SIZE = java.util.regex.Pattern.compile("([0-9]{1,9})([kKmMgG]?)");

    private CliOptions() {}

    /** Whether {@code value} is a KB number: digits, with or without "KB" before them. */
    public static boolean isKb(String value) {
        return value != null && value.strip().replaceFirst("(?i)^kb", "").matches("[0-9]{1,12}");
    }

    /** An update ID as WUA writes it: a GUID, 8-4-4-4-12 hex digits, without braces. */
    public static boolean isUpdateId(String value) {
        return value != null
                && value.strip().matches("(?i)[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    }

    /** A size as -Xmx writes it ({@code 512m}, {@code 2g}, {@code 65536k}, bytes) in bytes; -1 when it is not one. */
    public static long memoryLimitBytes(String value) {
        java.util.regex.Matcher m = SIZE.matcher(value == null ? "" : value.strip());
        if (!m.matches()) {
            return -1;
        }
        int shift = switch (m.group(2).toLowerCase(Locale.ROOT)) {
            case "k" -> 10;
            case "m" -> 20;
            case "g" -> 30;
            default -> 0;
        };
        return Long.parseLong(m.group(1)) << shift;
    }

    /** {@code full} or {@code bootstrapper} (WUA's names {@code Full}/{@code UpdateBootstrapper} too). */
    public static DownloadType downloadType(String value) {
        String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        switch (v) {
            case "full":
                return DownloadType.Full;
            case "bootstrapper":
            case "updatebootstrapper":
                return DownloadType.UpdateBootstrapper;
            default:
                throw new IllegalArgumentException("'" + value + "' is not a download type; use full or bootstrapper");
        }
    }

    /** {@code low}, {@code normal}, {@code high} or {@code extrahigh}, in any case. */
    public static DownloadPriority priority(String value) {
        String v = value == null ? "" : value.trim();
        for (DownloadPriority p : DownloadPriority.values()) {
            if (p.name().equalsIgnoreCase(v) || (p == DownloadPriority.ExtraHigh && v.equalsIgnoreCase("extra-high"))) {
                return p;
            }
        }
        throw new IllegalArgumentException("'" + value + "' is not a priority; use low, normal, high or extrahigh");
    }

    /**
     * A positive number of seconds: {@code 60}, {@code 2.5}; a unit suffix is also accepted ({@code 500ms},
     * {@code 30s}, {@code 5m}, {@code 2h}). Zero, negative and non-numbers are refused.
     */
    public static Duration seconds(String value) {
        String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        long unitMillis = 1000;
        if (v.endsWith("ms")) {
            unitMillis = 1;
            v = v.substring(0, v.length() - 2);
        } else if (v.endsWith("s")) {
            v = v.substring(0, v.length() - 1);
        } else if (v.endsWith("m")) {
            unitMillis = 60_000;
            v = v.substring(0, v.length() - 1);
        } else if (v.endsWith("h")) {
            unitMillis = 3_600_000;
            v = v.substring(0, v.length() - 1);
        }
        BigDecimal number;
        try {
            number = new BigDecimal(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + value + "' is not a number of seconds; write e.g. 60, 2.5 or 5m");
        }
        if (number.signum() <= 0) {
            throw new IllegalArgumentException(
                    "'" + value + "' is not positive; give a number of seconds above 0, e.g. 60");
        }
        BigDecimal millis = number.multiply(BigDecimal.valueOf(unitMillis));
        if (millis.compareTo(BigDecimal.valueOf(MAX_SECONDS.toMillis())) > 0) {
            throw new IllegalArgumentException("'" + value + "' is longer than a year; give a number of seconds");
        }
        if (millis.compareTo(BigDecimal.ONE) < 0) {
            throw new IllegalArgumentException("'" + value + "' is shorter than a millisecond; give e.g. 0.5 or 60");
        }
        return Duration.ofMillis(millis.longValue());
    }

    /** picocli converter for {@link #downloadType}. */
    public static final class DownloadTypeConverter implements ITypeConverter<DownloadType> {
        @Override
        public DownloadType convert(String value) {
            return adapt(() -> downloadType(value));
        }
    }

    /** picocli converter for {@link #priority}. */
    public static final class PriorityConverter implements ITypeConverter<DownloadPriority> {
        @Override
        public DownloadPriority convert(String value) {
            return adapt(() -> priority(value));
        }
    }

    /** picocli converter for {@link #seconds}. */
    public static final class SecondsConverter implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            return adapt(() -> seconds(value));
        }
    }

    private static <T> T adapt(java.util.function.Supplier<T> parse) {
        try {
            return parse.get();
        } catch (IllegalArgumentException e) {
            // picocli prefixes "Invalid value for option '--x': "; the message says the rest
            throw new TypeConversionException(e.getMessage());
        }
    }
}
