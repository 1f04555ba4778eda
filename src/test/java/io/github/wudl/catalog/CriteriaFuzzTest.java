package io.github.wudl.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.List;
import java.util.Locale;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.BeforeProperty;
import net.jqwik.api.statistics.Statistics;

/**
 * Fuzzes {@link Criteria#parse(String)} (issue 6 item 5): for any string it returns a Criteria or throws
 * {@link CatalogException}, never hangs, and an accepted criteria's canonical form parses back to an equal
 * one (and can be matched against updates). 40,000 tries in all; jqwik prints "tries = N" per property.
 */
class CriteriaFuzzTest {
    private static final long BUDGET_SECONDS = 25;
    private static final String GUID = "2f5a1c3e-8d41-4b7a-9c1e-1d2f3a4b5c6d";
    /** Updates to match accepted criteria against: matching must not throw for any accepted criteria. */
    private static final List<CatalogUpdate> UPDATES =
            TestCatalogs.sample(TestCatalogs.HTTP_BASE).updates();

    private Bounded bounded;

    @BeforeProperty
    void startTheClock() {
        // jqwik runs this before each property (whatever its instance lifecycle): one budget per property
        bounded = Bounded.budget(getClass().getSimpleName(), BUDGET_SECONDS);
    }

    @Property(tries = 25_000, shrinking = ShrinkingMode.BOUNDED)
    void randomTokenSoupIsParsedOrRefused(@ForAll("soup") String text) {
        check(text);
    }

    @Property(tries = 15_000, shrinking = ShrinkingMode.BOUNDED)
    void grammaticalCriteriaAreAcceptedAndRoundTrip(@ForAll("grammatical") String text) {
        // every generated string follows the grammar of SPEC §3, so a refusal here is a parser bug
        Object outcome = bounded.run(text, () -> parseOrRefusal(text));
        if (outcome instanceof CatalogException e) {
            throw new AssertionError("valid criteria refused: " + text, e);
        }
        roundTrip((Criteria) outcome);
    }

    private void check(String text) {
        Object outcome = bounded.run(text, () -> parseOrRefusal(text));
        if (outcome instanceof CatalogException e) {
            assertNotNull(e.getMessage());
            Statistics.label("outcome").collect("refused");
            return;
        }
        roundTrip((Criteria) outcome);
        Statistics.label("outcome").collect("accepted");
    }

    private static Object parseOrRefusal(String text) {
        try {
            return Criteria.parse(text);
        } catch (CatalogException e) {
            return e;
        }
    }

    private void roundTrip(Criteria c) {
        String canonical = c.toString();
        Criteria again = bounded.run(canonical, () -> Criteria.parse(canonical));
        assertEquals(c, again, "canonical form " + canonical);
        assertEquals(canonical, again.toString());
        for (CatalogUpdate u : UPDATES) {
            c.matches(u); // must not throw; the result is CriteriaTest's business
        }
    }

    // ---- generators ----

    /** Criteria tokens in any order, with odd spacing, case, quotes, numbers and unicode. */
    @Provide
    Arbitrary<String> soup() {
        Arbitrary<String> token = Arbitraries.frequencyOf(
                Tuple.of(
                        5,
                        Arbitraries.of(
                                "IsInstalled",
                                "isinstalled",
                                "IsHidden",
                                "BrowseOnly",
                                "Type",
                                "UpdateID",
                                "RevisionNumber",
                                "CategoryIDs",
                                "contains",
                                "CONTAINS",
                                "and",
                                "AND",
                                "or",
                                "Or",
                                "not",
                                "IsAssigned",
                                "_",
                                "Is_Installed")),
                Tuple.of(5, Arbitraries.of("=", "==", "!=", "<>", "<=", ">=", "<", ">", "!", "(", ")", "((", "))")),
                Tuple.of(
                        3,
                        Arbitraries.of(
                                "0",
                                "1",
                                "2",
                                "00",
                                "007",
                                "2147483647",
                                "2147483648",
                                "99999999999999999999",
                                "-1",
                                "1.5",
                                "1e3")),
                Tuple.of(
                        3,
                        Arbitraries.of(
                                "'Software'",
                                "'driver'",
                                "'" + GUID + "'",
                                "'{" + GUID.toUpperCase(Locale.ROOT) + "}'",
                                "'x''y'",
                                "''",
                                "''''",
                                "'",
                                "\"Software\"",
                                "'Windows 11'",
                                "'\u202E'",
                                "'\uD800'")),
                Tuple.of(3, Arbitraries.of(" ", "", "\t", "\n", "\u00A0", "\u2003", "\u3000", "\u0000", "\uFEFF")),
                Tuple.of(1, Arbitraries.strings().all().ofMaxLength(4)),
                Tuple.of(1, Arbitraries.of("(".repeat(70), ")".repeat(70), "IsInstalled=0 and ".repeat(50))));
        Arbitrary<String> separator = Arbitraries.of(" ", "");
        return Combinators.combine(token.list().ofMaxSize(30), separator).as((l, sep) -> String.join(sep, l));
    }

    /** Strings of the supported grammar: random case, spacing, nesting, and any category text. */
    @Provide
    Arbitrary<String> grammatical() {
        return Arbitraries.recursive(this::term, this::combined, 0, 5);
    }

    private Arbitrary<String> term() {
        Arbitrary<String> flag = Combinators.combine(
                        Arbitraries.of("IsInstalled", "IsHidden", "BrowseOnly"), Arbitraries.of("0", "1"))
                .as((p, v) -> p + "=" + v);
        Arbitrary<String> type =
                Arbitraries.of("Software", "Driver", "driver", "SOFTWARE").map(t -> "Type='" + t + "'");
        Arbitrary<String> id = Arbitraries.of(GUID, GUID.toUpperCase(Locale.ROOT), "{" + GUID + "}")
                .map(g -> "UpdateID = '" + g + "'");
        Arbitrary<String> revision =
                Arbitraries.integers().between(0, Integer.MAX_VALUE).map(n -> "RevisionNumber=" + n);
        // any category text, quotes doubled: the canonical form must quote it back the same way
        Arbitrary<String> category = Arbitraries.strings()
                .all()
                .ofMaxLength(12)
                .map(s -> "CategoryIDs contains '" + s.replace("'", "''") + "'");
        Arbitrary<String> t = Arbitraries.oneOf(flag, type, id, revision, category);
        return Combinators.combine(t, Arbitraries.of(true, false), spaces())
                .as((s, upper, sp) -> sp + (upper ? upperWords(s) : s) + sp);
    }

    private Arbitrary<String> combined(Arbitrary<String> inner) {
        return Combinators.combine(
                        inner, Arbitraries.of(" and ", " or ", " AND ", "\tOr\n"), inner, Arbitraries.of(true, false))
                .as((a, op, b, paren) -> paren ? "(" + a + op + b + ")" : a + op + b);
    }

    private static Arbitrary<String> spaces() {
        return Arbitraries.of("", " ", "  ", "\t", "\r\n");
    }

    /** Upper-cases the keywords only: string contents are case-sensitive for categories. */
    private static String upperWords(String term) {
        int quote = term.indexOf('\'');
        return quote < 0
                ? term.toUpperCase(java.util.Locale.ROOT)
                : term.substring(0, quote).toUpperCase(java.util.Locale.ROOT) + term.substring(quote);
    }
}
