package io.github.wudl.agent;

import java.io.Serializable;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Replaces every occurrence of a secret (a proxy password, say) in a log line by {@code ****}, as Jenkins
 * masks bound credentials. Longer secrets are replaced first, so a secret containing a shorter one is masked
 * whole. Secrets shorter than 3 characters are ignored: masking "a" would make every line unreadable.
 * Immutable and thread-safe.
 */
public final class SecretMasker implements Serializable {
    private static final long serialVersionUID = 1L;
    /** What a secret becomes in the log. */
    public static final String MASK = "****";

    private final List<String> secrets;

    public SecretMasker(Collection<String> secrets) {
        this.secrets = secrets.stream()
                .filter(Objects::nonNull)
                .filter(s -> s.length() >= 3)
                .distinct()
                .sorted(Comparator.comparingInt(String::length).reversed())
                .toList();
    }

    /** {@code line} with every secret replaced by {@link #MASK}. */
    public String mask(String line) {
        String out = line;
        for (String s : secrets) {
            out = out.replace(s, MASK);
        }
        return out;
    }
}
