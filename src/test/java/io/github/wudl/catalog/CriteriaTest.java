package io.github.wudl.catalog;

import static io.github.wudl.catalog.TestCatalogs.HTTP_BASE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.wudl.wua.HResult;
import io.github.wudl.wua.UpdateType;
import java.net.URI;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The WUA criteria subset: grammar, precedence, case rules, canonical form, and every refusal. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class CriteriaTest {
    private static final Catalog SAMPLE = TestCatalogs.sample(HTTP_BASE);
    private static final CatalogFile FILE =
            new CatalogFile("a.cab", URI.create("https://h/a.cab"), List.of(), 1, null, null);

    private static CatalogUpdate u(boolean installed, boolean hidden, UpdateType type, String... categories) {
        return CatalogUpdate.builder("11111111-2222-3333-4444-555555555555", "t")
                .installed(installed)
                .hidden(hidden)
                .type(type)
                .categories(List.of(categories))
                .addFile(FILE)
                .build();
    }

    private static List<Integer> indexes(String criteria) {
        List<CatalogUpdate> found = Criteria.search(SAMPLE, Criteria.parse(criteria));
        return found.stream().map(SAMPLE.updates()::indexOf).collect(Collectors.toList());
    }

    @Test
    void nullOrBlankMeansIsInstalledZero() {
        assertEquals("IsInstalled=0", Criteria.parse(null).toString());
        assertEquals("IsInstalled=0", Criteria.parse(" \t").toString());
        assertEquals(List.of(0, 1, 2), indexes(null));
        assertEquals(
                indexes("IsInstalled=0"),
                Criteria.search(SAMPLE, null).stream()
                        .map(SAMPLE.updates()::indexOf)
                        .collect(Collectors.toList()));
    }

    @Test
    void eachTermSelectsWhatItSays() {
        assertEquals(List.of(3), indexes("IsInstalled=1"));
        assertEquals(List.of(2), indexes("IsHidden=1"));
        assertEquals(List.of(0, 1, 3), indexes("IsHidden=0"));
        assertEquals(List.of(3), indexes("BrowseOnly=1"));
        assertEquals(List.of(0, 1, 2), indexes("BrowseOnly=0"));
        assertEquals(List.of(1), indexes("Type='Driver'"));
        assertEquals(List.of(0, 2, 3), indexes("Type='Software'"));
        assertEquals(List.of(0), indexes("UpdateID='2F5A1C3E-8D41-4B7A-9C1E-1D2F3A4B5C6D'"));
        assertEquals(List.of(2), indexes("UpdateID='{a0a0a0a0-b1b1-c2c2-d3d3-e4e4e4e4e4e4}'"));
        assertEquals(List.of(0), indexes("RevisionNumber=200"));
        assertEquals(List.of(1, 2, 3), indexes("RevisionNumber=1"));
        assertEquals(List.of(0), indexes("CategoryIDs contains 'security updates'"));
        assertEquals(List.of(), indexes("CategoryIDs contains 'Security'"), "whole category, not a substring");
        // WUA's other terms, with what they can mean for a catalog
        assertEquals(indexes("IsInstalled=1"), indexes("IsPresent=1"));
        assertEquals(indexes("IsInstalled=0"), indexes("IsPresent=0"));
        assertEquals(List.of(0, 1, 2, 3), indexes("IsAssigned=1"), "a catalog's updates are all meant to be deployed");
        assertEquals(List.of(), indexes("IsAssigned=0"));
        assertEquals(List.of(), indexes("RebootRequired=1"), "wudl installs nothing: nothing waits for a reboot");
        assertEquals(List.of(0, 1, 2, 3), indexes("RebootRequired=0"));
        assertEquals(List.of(), indexes("AutoSelectOnWebSites=1"));
        assertEquals(List.of(0, 1, 2, 3), indexes("deploymentaction='installation'"));
        assertEquals(List.of(), indexes("DeploymentAction='Uninstallation'"));
        assertEquals(
                "DeploymentAction='OptionalInstallation'",
                Criteria.parse("DeploymentAction = 'optionalinstallation'").toString());
    }

    @Test
    void searchReturnsTopLevelUpdatesOnlyInCatalogOrder() {
        // the bundled updates' ids are not top-level updates, so they are not found
        assertEquals(List.of(), indexes("UpdateID='b1b1b1b1-0000-4000-8000-000000000001'"));
        assertEquals(List.of(0, 1, 2, 3), indexes("IsInstalled=0 or IsInstalled=1"));
    }

    @Test
    void andBindsTighterThanOr() {
        Criteria c = Criteria.parse("IsInstalled=1 or Type='Driver' and IsHidden=1");
        assertEquals("IsInstalled=1 or Type='Driver' and IsHidden=1", c.toString());
        assertTrue(c.matches(u(true, false, UpdateType.Software)), "left of or alone suffices");
        assertFalse(c.matches(u(false, false, UpdateType.Driver)), "and needs both");
        assertTrue(c.matches(u(false, true, UpdateType.Driver)));

        Criteria grouped = Criteria.parse("(IsInstalled=1 or Type='Driver') and IsHidden=1");
        assertEquals("(IsInstalled=1 or Type='Driver') and IsHidden=1", grouped.toString());
        assertFalse(grouped.matches(u(true, false, UpdateType.Software)), "parentheses change the meaning");
        assertTrue(grouped.matches(u(true, true, UpdateType.Software)));
    }

    @Test
    void keywordsAreCaseInsensitiveAndCanonicalFormUsesWuaSpelling() {
        Criteria c = Criteria.parse("isinstalled=0 AND TYPE='software' Or categoryids CONTAINS 'Drivers'");
        assertEquals("IsInstalled=0 and Type='Software' or CategoryIDs contains 'Drivers'", c.toString());
        assertEquals(List.of(0, 1, 2), indexes(c.toString()));
    }

    @Test
    void whitespaceIsFreeAndRedundantParenthesesGo() {
        assertEquals(
                "IsInstalled=0 and Type='Driver'",
                Criteria.parse("\tIsInstalled\n=\n0and(Type = 'Driver')  ").toString());
        assertEquals("IsInstalled=0", Criteria.parse("((( IsInstalled=0 )))").toString());
        assertEquals(
                "IsInstalled=0 and IsHidden=0 and BrowseOnly=0",
                Criteria.parse("IsInstalled=0 and (IsHidden=0 and (BrowseOnly=0))")
                        .toString());
        assertEquals(
                "IsInstalled=1 or IsHidden=1 or BrowseOnly=1",
                Criteria.parse("(IsInstalled=1 or IsHidden=1) or BrowseOnly=1").toString());
        assertEquals(
                "(IsInstalled=1 or IsHidden=1) and (BrowseOnly=1 or Type='Driver')",
                Criteria.parse("(IsInstalled=1 or IsHidden=1) and (BrowseOnly=1 or Type='Driver')")
                        .toString());
    }

    @Test
    void canonicalFormRoundTripsAndDefinesEquality() {
        String[] all = {
            "IsInstalled=0",
            "UpdateID='{2F5A1C3E-8D41-4B7A-9C1E-1D2F3A4B5C6D}' and RevisionNumber=007",
            "CategoryIDs contains 'Men''s updates' or (IsHidden=1 and BrowseOnly=0)"
        };
        for (String text : all) {
            Criteria c = Criteria.parse(text);
            assertEquals(c, Criteria.parse(c.toString()), text);
            assertEquals(c.hashCode(), Criteria.parse(c.toString()).hashCode());
        }
        assertEquals(
                "UpdateID='2f5a1c3e-8d41-4b7a-9c1e-1d2f3a4b5c6d' and RevisionNumber=7",
                Criteria.parse(all[1]).toString());
        assertEquals(
                "CategoryIDs contains 'Men''s updates' or IsHidden=1 and BrowseOnly=0",
                Criteria.parse(all[2]).toString());
        assertTrue(
                Criteria.parse("CategoryIDs contains 'men''S UPDATES'")
                        .matches(u(false, false, UpdateType.Software, "Men's Updates")),
                "quote escape and case-insensitive category");
    }

    private static CatalogException refused(String criteria) {
        CatalogException e = assertThrows(CatalogException.class, () -> Criteria.parse(criteria));
        assertEquals(HResult.E_INVALIDARG.code(), e.hresult());
        assertNull(e.jsonPath());
        assertTrue(
                e.getMessage()
                        .contains("IsInstalled=0|1, IsHidden=0|1, BrowseOnly=0|1, IsPresent=0|1, IsAssigned=0|1,"
                                + " RebootRequired=0|1, AutoSelectOnWebSites=0|1, Type='Software'|'Driver',"
                                + " DeploymentAction='Installation'|'Uninstallation'|'Detection'"
                                + "|'OptionalInstallation', UpdateID='<GUID>', RevisionNumber=<n>, CategoryIDs"
                                + " contains '<category>'"),
                "lists the supported terms: " + e.getMessage());
        return e;
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '"',
            value = {
                // unsupported WUA terms and operators, named with their column
                "IsInstalled=0 and AutoSelection=1    | 19 | AutoSelection (column 19) is not supported",
                "DeploymentAction='Deploy'            | 18 | DeploymentAction takes 'Installation', 'Uninstallation'",
                "DeploymentAction=1                   | 18 | DeploymentAction takes 'Installation'",
                "IsPresent=2                          | 11 | IsPresent takes 0 or 1, found 2",
                "not IsInstalled=0                    | 1  | not (column 1) is not supported",
                "IsInstalled!=0                       | 12 | '!=' (column 12) is not supported",
                "IsInstalled<>0                       | 12 | '<>' (column 12) is not supported",
                "RevisionNumber>3                     | 15 | '>' (column 15) is not supported",
                "UpdateID contains 'x'                | 10 | expected '=' after UpdateID at column 10",
                "CategoryIDs='Drivers'                | 12 | CategoryIDs takes 'contains'",
                // wrong values
                "IsInstalled=2                        | 13 | IsInstalled takes 0 or 1, found 2 at column 13",
                "IsHidden='1'                         | 10 | IsHidden takes 0 or 1, found '1'",
                "BrowseOnly=true                      | 12 | BrowseOnly takes 0 or 1, found 'true'",
                "Type='Firmware'                      | 6  | Type takes 'Software' or 'Driver', found 'Firmware'",
                "Type=Software                        | 6  | Type takes 'Software' or 'Driver', found 'Software'",
                "UpdateID='KB5099999'                 | 10 | UpdateID takes a GUID",
                "RevisionNumber=99999999999           | 16 | is too large",
                "RevisionNumber='3'                   | 16 | RevisionNumber takes a whole number",
                "CategoryIDs contains Drivers         | 22 | CategoryIDs takes a category in single quotes",
                // syntax
                "IsInstalled=0 and                    | 18 | expected a term or '(' at column 18, found the end",
                "and IsInstalled=0                    | 1  | expected a term or '(' at column 1, found 'and'",
                "(IsInstalled=0                       | 15 | expected ')' to close the '(' at column 1",
                "IsInstalled=0)                       | 14 | unexpected ')' at column 14 (no '(' to close)",
                "IsInstalled=0 IsHidden=0             | 15 | unexpected 'IsHidden' at column 15",
                "()                                   | 2  | expected a term or '(' at column 2, found ')'",
                "IsInstalled=0 & IsHidden=0           | 15 | unexpected character \"&\" at column 15",
                "Type=\"Driver\"                      | 6  | double quote at column 6",
                "Type='Driver                         | 6  | the string starting at column 6 is not closed",
                "IsInstalled                          | 12 | expected '=' after IsInstalled at column 12, found the end",
                "IsInstalled=                         | 13 | IsInstalled takes 0 or 1, found the end",
            })
    void refusalsNameTheTokenAndColumn(String criteria, long column, String what) {
        CatalogException e = refused(criteria);
        assertEquals(column, e.column(), e.getMessage());
        assertTrue(e.getMessage().contains(what), "expected '" + what + "' in: " + e.getMessage());
        assertTrue(e.getMessage().contains("search criteria \""), e.getMessage());
    }

    @Test
    void parenthesesNestUpToTheLimit() {
        String ok = "(".repeat(CriteriaParser.MAX_DEPTH) + "IsInstalled=0" + ")".repeat(CriteriaParser.MAX_DEPTH);
        assertEquals("IsInstalled=0", Criteria.parse(ok).toString());
        CatalogException e = refused("(".repeat(10_000) + "IsInstalled=0");
        assertEquals(CriteriaParser.MAX_DEPTH + 1, e.column());
        assertTrue(e.getMessage().contains("nested deeper than 64"), e.getMessage());
    }

    @Test
    void longTermListsParse() {
        StringBuilder sb = new StringBuilder("IsInstalled=0");
        for (int i = 0; i < 2000; i++) {
            sb.append(i % 2 == 0 ? " or " : " and ").append("RevisionNumber=").append(i);
        }
        assertTrue(Criteria.parse(sb.toString()).matches(u(false, false, UpdateType.Software)));
        CatalogException e = assertThrows(
                CatalogException.class, () -> Criteria.parse("IsInstalled=0 or ".repeat(10_000) + "IsHidden=0"));
        assertTrue(e.getMessage().contains("at most " + CriteriaParser.MAX_LENGTH), e.getMessage());
    }
}
