package io.github.wudl.cli;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * {@code --kb}, {@code --product}, {@code --classification}, {@code --arch}, {@code --released-since} (a picocli
 * mixin); see {@link UpdateFilter}.
 */
final class UpdateFilterOption {
    @Option(
            names = "--kb",
            paramLabel = "N",
            split = ",",
            description = "Only updates with this KB number (repeatable).")
    List<String> kb = new ArrayList<>();

    @Option(
            names = "--product",
            paramLabel = "NAME|ID",
            description = "Only updates of a product whose name contains NAME or whose CategoryID is ID (repeatable).")
    List<String> products = new ArrayList<>();

    @Option(
            names = "--classification",
            paramLabel = "NAME|ID",
            description = "Only updates of this classification, e.g. \"Security Updates\" (repeatable).")
    List<String> classifications = new ArrayList<>();

    @Option(
            names = "--arch",
            paramLabel = "A",
            split = ",",
            description = "Only updates for this architecture: x64, x86 or arm64 (from file names and titles).")
    List<String> arches = new ArrayList<>();

    @Option(
            names = "--released-since",
            paramLabel = "YYYY-MM-DD",
            description = "Only updates whose LastDeploymentChangeTime (the offline scan file: the revision's"
                    + " CreationDate) is on or after this day, UTC.")
    String releasedSince;

    UpdateFilter filter() {
        LocalDate since = null;
        if (releasedSince != null) {
            try {
                since = LocalDate.parse(releasedSince.strip());
            } catch (DateTimeParseException e) {
                throw new UsageError("--released-since " + releasedSince + ": not a day; write it as 2026-11-01");
            }
        }
        return new UpdateFilter(kb, products, classifications, arches, since);
    }
}
