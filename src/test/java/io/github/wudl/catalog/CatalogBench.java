package io.github.wudl.catalog;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Benchmark, not a test ({@code scripts/bench catalog}): a catalog of 10,000 updates and 50,000 files is
 * parsed, validated and searched; prints the first (cold) and the best of the following runs. Writes the
 * catalog to {@code args[0]} so the command line can be timed on it too.
 */
public final class CatalogBench {
    private CatalogBench() {}

    public static void main(String[] args) throws Exception {
        int updates = 10_000;
        int filesPer = 5;
        byte[] json = catalog(updates, filesPer);
        if (args.length > 0) {
            Files.write(Path.of(args[0]), json);
        }
        URI base = URI.create("http://mirror.example/catalog.json");
        Criteria query = Criteria.parse(
                "IsInstalled=0 and Type='Software' and (CategoryIDs contains 'Security Updates' or IsHidden=0)");
        long best = Long.MAX_VALUE;
        for (int run = 0; run < 6; run++) {
            long t0 = System.nanoTime();
            Catalog c = CatalogReader.parse(json, base, CatalogOptions.defaults());
            List<CatalogUpdate> found = Criteria.search(c, query);
            long ns = System.nanoTime() - t0;
            if (run == 0) {
                System.out.printf(
                        Locale.ROOT,
                        "catalog: %d updates, %d files, %.1f MiB of JSON; found %d%n",
                        updates,
                        updates * filesPer,
                        json.length / 1048576.0,
                        found.size());
                System.out.printf(
                        Locale.ROOT,
                        "parse + validate + search, first run in this JVM: %d ms (target < 1000 ms)%n",
                        ns / 1_000_000);
            } else {
                best = Math.min(best, ns);
            }
        }
        System.out.printf(Locale.ROOT, "parse + validate + search, best of 5 later runs: %d ms%n", best / 1_000_000);
    }

    static byte[] catalog(int updates, int filesPer) {
        StringBuilder sb = new StringBuilder(updates * 900).append("{\"format\":\"wudl-catalog/1\",\"updates\":[");
        for (int u = 0; u < updates; u++) {
            if (u > 0) {
                sb.append(',');
            }
            sb.append(String.format(
                            Locale.ROOT, "{\"id\":\"%08x-0000-4000-8000-%012x\",\"revision\":%d,", u, u, 100 + u % 7))
                    .append("\"title\":\"2026-11 Cumulative Update ")
                    .append(u)
                    .append(" (KB")
                    .append(5_000_000 + u)
                    .append(")\",")
                    .append("\"kb\":[\"")
                    .append(5_000_000 + u)
                    .append("\"],\"type\":\"")
                    .append(u % 10 == 0 ? "Driver" : "Software")
                    .append("\",\"categories\":[\"")
                    .append(u % 3 == 0 ? "Security Updates" : "Updates")
                    .append("\",\"Windows 11\"],")
                    .append("\"installed\":")
                    .append(u % 4 == 0)
                    .append(",\"files\":[");
            for (int f = 0; f < filesPer; f++) {
                if (f > 0) {
                    sb.append(',');
                }
                sb.append("{\"name\":\"kb")
                        .append(5_000_000 + u)
                        .append('-')
                        .append(f)
                        .append(".cab\",")
                        .append("\"url\":\"http://mirror.example/content/")
                        .append(u)
                        .append('/')
                        .append(f)
                        .append(".cab\",")
                        .append("\"size\":")
                        .append(1000 + (long) u * f)
                        .append(",\"sha256\":\"")
                        .append(String.format(Locale.ROOT, "%064x", (long) u * 31 + f))
                        .append("\"}");
            }
            sb.append("]}");
        }
        return sb.append("]}").toString().getBytes(StandardCharsets.UTF_8);
    }
}
