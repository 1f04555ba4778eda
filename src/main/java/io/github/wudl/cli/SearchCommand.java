package io.github.wudl.cli;

import io.github.wudl.wua.Category;
import io.github.wudl.wua.OperationResultCode;
import io.github.wudl.wua.SearchResult;
import io.github.wudl.wua.Sizes;
import io.github.wudl.wua.Update;
import io.github.wudl.wua.UpdateDownloadContent;
import io.github.wudl.wua.UpdateSession;
import io.github.wudl.wua.WuaException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code wudl search}: lists the updates of a catalog that match WUA search criteria. */
@Command(
        name = "search",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        versionProvider = VersionProvider.class,
        description = "List the updates of a catalog that match the search criteria (default: IsInstalled=0).")
final class SearchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @ParentCommand
    WudlCommand parent;

    @Option(
            names = "--catalog",
            paramLabel = "C",
            description = "Catalog: wudl-catalog/1 JSON or Microsoft's offline scan file (wsusscn2.cab), a file path or"
                    + " an http(s) URL (portable backend).")
    String catalog;

    // several words are joined, so  search --catalog c IsInstalled=0 and Type='Software'  works unquoted
    @Parameters(
            arity = "0..*",
            paramLabel = "CRITERIA",
            description = "WUA search criteria, e.g. \"IsInstalled=0 and Type='Software'\".")
    List<String> criteria = List.of();

    @Option(names = "--json", description = "Print the result as JSON.")
    boolean json;

    @Mixin
    TrustStoreOption trustStore = new TrustStoreOption();

    @Mixin
    UpdateFilterOption filter = new UpdateFilterOption();

    @Mixin
    ScanFileOption scanFile = new ScanFileOption();

    @Mixin
    BackendOption backend = new BackendOption();

    @Override
    public Integer call() {
        CliEnvironment env = parent.environment;
        trustStore.install(env);
        String query = criteria.isEmpty() ? DownloadRequest.DEFAULT_CRITERIA : String.join(" ", criteria);
        backend.check(catalog);
        CatalogOption.check(catalog);
        io.github.wudl.backend.Backend chosen = backend.backend(env);
        UpdateSession session;
        try {
            session = chosen.openSession(
                    catalog, scanFile.apply(env.settings(spec.commandLine().getErr())));
        } catch (WuaException e) {
            String m = e.getMessage();
            String source = chosen.describe(catalog);
            throw new UsageError(m.contains(source) ? m : (catalog == null ? "" : "catalog ") + source + ": " + m, e);
        }
        SearchResult result;
        try {
            result = session.createUpdateSearcher().search(query);
        } catch (WuaException e) {
            throw new UsageError("search criteria \"" + query + "\": " + e.getMessage(), e);
        }
        List<Update> updates = filter.filter().apply(result.updates().toList());
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            Map<String, Object> head = new LinkedHashMap<>();
            head.put("resultCode", result.resultCode().name());
            head.put("criteria", query);
            try {
                ReportBuilder.writeJson(out, head, "updates", updates, SearchCommand::describe);
            } catch (IOException e) {
                throw new UncheckedIOException(e); // a PrintWriter does not throw: it only records errors
            }
        } else if (updates.isEmpty()) {
            out.println("No update in " + chosen.describe(catalog) + " matches \"" + query + "\".");
        } else {
            table(updates).forEach(out::println);
        }
        out.flush();
        return result.resultCode() == OperationResultCode.Succeeded ? ExitCode.OK : ExitCode.FAILED;
    }

    /** One update as plain JSON-able data. */
    static Map<String, Object> describe(Update u) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", u.identity().updateID());
        m.put("revision", u.identity().revisionNumber());
        m.put("title", u.title());
        m.put("kb", List.copyOf(u.kbArticleIDs()));
        m.put("type", u.type().name());
        List<String> categories = new ArrayList<>();
        List<Object> categoryDetails = new ArrayList<>();
        for (Category c : u.categories()) {
            categories.add(c.name());
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("id", c.categoryID());
            detail.put("name", c.name());
            detail.put("type", c.type());
            categoryDetails.add(detail);
        }
        m.put("categories", categories);
        m.put("categoryDetails", categoryDetails);
        m.put("msrcSeverity", u.msrcSeverity());
        m.put("deploymentAction", u.deploymentAction().name());
        m.put("supersededUpdateIds", List.copyOf(u.supersededUpdateIDs()));
        m.put(
                "lastDeploymentChangeTime",
                u.lastDeploymentChangeTime() == null
                        ? null
                        : u.lastDeploymentChangeTime().toString());
        m.put("isInstalled", u.isInstalled());
        m.put("isHidden", u.isHidden());
        m.put("isDownloaded", u.isDownloaded());
        m.put("browseOnly", u.browseOnly());
        m.put("maxDownloadSize", u.maxDownloadSize());
        List<String> urls = new ArrayList<>();
        for (UpdateDownloadContent c : u.downloadContents()) {
            urls.add(c.downloadUrl());
        }
        m.put("downloadUrls", urls);
        return m;
    }

    static List<String> table(List<Update> updates) {
        List<String> lines = new ArrayList<>();
        String format = "%-36s  %-10s  %10s  %-10s  %s";
        lines.add(String.format(format, "Update ID", "KB", "Size", "Downloaded", "Title"));
        long total = 0;
        for (Update u : updates) {
            total = Sizes.add(total, u.maxDownloadSize());
            lines.add(String.format(
                    format,
                    u.identity().updateID(),
                    u.kbArticleIDs().isEmpty() ? "-" : "KB" + u.kbArticleIDs().get(0),
                    ProgressFormat.bytes(u.maxDownloadSize()),
                    u.isDownloaded() ? "yes" : "no",
                    ProgressFormat.trim(u.title(), 100)));
        }
        lines.add(updates.size()
                + (updates.size() == 1 ? " update, " : " updates, ")
                + (Sizes.isSaturated(total) ? "more than " : "")
                + ProgressFormat.bytes(total));
        return lines;
    }
}
