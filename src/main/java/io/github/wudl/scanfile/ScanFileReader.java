package io.github.wudl.scanfile;

import io.github.wudl.cab.Cabinet;
import io.github.wudl.cab.CabinetEntry;
import io.github.wudl.cab.CabinetLimits;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.xml.stream.XMLStreamConstants;

/**
 * Builds a {@link ScanFileContent} from the scan file itself: {@code index.xml} and {@code package.xml} first,
 * then the {@code x/} and {@code l/} fragments of the detail cabinets for the revisions a search can show.
 * Each inner cabinet is copied alone into {@code workDir} (inside the cache), read, and deleted before the
 * next: the outer file is never unpacked whole, and the {@code c/} and {@code e/} fragments, most of the
 * bytes, are never parsed.
 */
final class ScanFileReader {
    /** The largest {@code index.xml} read (real ones are a few KiB). */
    static final long MAX_INDEX_XML_BYTES = 1L << 20;

    private final Path file;
    private final String name;
    private final Path workDir;
    private final Interner texts = new Interner();

    ScanFileReader(Path file, String name, Path workDir) {
        this.file = file;
        this.name = name;
        this.workDir = workDir;
    }

    ScanFileContent build(String sha256, String language) throws IOException {
        Files.createDirectories(workDir);
        try (Cabinet outer = Cabinet.open(file, name, CabinetLimits.DEFAULT)) {
            List<String> detailCabinets = new ArrayList<>();
            PackageXml[] packageXml = new PackageXml[1];
            outer.extract(
                    e -> e.name().equalsIgnoreCase("index.xml") || e.name().equalsIgnoreCase("package.cab"),
                    (entry, in) -> {
                        if (entry.name().equalsIgnoreCase("index.xml")) {
                            detailCabinets.addAll(cabList(entry, in));
                        } else {
                            packageXml[0] = withInner(entry, in, this::readPackage);
                        }
                    });
            if (packageXml[0] == null) {
                throw new ScanFileException(name + " has no package.cab: it is not an offline scan file");
            }
            if (detailCabinets.isEmpty()) {
                throw new ScanFileException(name + " has no index.xml listing its detail cabinets");
            }
            PackageXml p = packageXml[0];
            Map<Integer, String> wanted = wantedLanguages(p, language);
            Map<Integer, UpdateDetails> extended = new HashMap<>();
            Map<Integer, String[]> localized = new HashMap<>();
            Set<String> names = new HashSet<>(detailCabinets);
            outer.extract(
                    e -> names.contains(e.name()),
                    (entry, in) -> withInner(entry, in, inner -> {
                        readDetails(inner, wanted, extended, localized);
                        return null;
                    }));
            Map<Integer, UpdateDetails> details = new HashMap<>();
            for (Map.Entry<Integer, UpdateDetails> e : extended.entrySet()) {
                String[] text = localized.get(e.getKey());
                details.put(
                        e.getKey(),
                        text == null ? e.getValue() : e.getValue().withLocalized(text[0], text[1], text[2]));
            }
            for (Map.Entry<Integer, String[]> e : localized.entrySet()) {
                String[] text = e.getValue();
                details.putIfAbsent(e.getKey(), UpdateDetails.NONE.withLocalized(text[0], text[1], text[2]));
            }
            return new ScanFileContent(sha256, language, p.creationDate, p.updates, p.fileLocations, details);
        }
    }

    /** Which language each revision's title is read in: the one asked for, else the update's default. */
    private static Map<Integer, String> wantedLanguages(PackageXml p, String language) {
        Map<Integer, String> wanted = new HashMap<>(p.updates.size() * 2);
        for (ScanUpdate u : p.updates) {
            String lang = language.isEmpty() ? u.defaultLanguage() : language;
            wanted.put(u.revisionId(), lang.isEmpty() ? "en" : lang);
        }
        return wanted;
    }

    private List<String> cabList(CabinetEntry entry, InputStream in) throws IOException {
        String what = name + "!" + entry.name();
        if (entry.size() > MAX_INDEX_XML_BYTES) {
            throw new ScanFileException(what + " is " + entry.size() + " bytes; an index of cabinets is a few KiB");
        }
        List<String> names = new ArrayList<>();
        try (ScanXml.Reader xml = ScanXml.open(in, what)) {
            int event;
            while ((event = xml.nextTag()) >= 0) {
                if (event == XMLStreamConstants.START_ELEMENT && xml.name().equals("CAB")) {
                    String cab = xml.attribute("NAME");
                    if (!cab.matches("(?i)package[0-9]{0,6}\\.cab")) {
                        throw xml.refuse("lists a cabinet \"" + PackageXml.clip(cab)
                                + "\"; the detail cabinets are named packageN.cab");
                    }
                    if (!cab.equalsIgnoreCase("package.cab")) {
                        names.add(cab);
                    }
                }
            }
        }
        return names;
    }

    private interface InnerReader<T> {
        T read(Cabinet inner) throws IOException;
    }

    /** Copies one inner cabinet to the work folder, reads it, and deletes the copy whatever happens. */
    private <T> T withInner(CabinetEntry entry, InputStream in, InnerReader<T> reader) throws IOException {
        Path copy = Files.createTempFile(workDir, "inner-", ".cab");
        try {
            Files.copy(in, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            try (Cabinet inner = Cabinet.open(copy, name + "!" + entry.name(), CabinetLimits.DEFAULT)) {
                return reader.read(inner);
            }
        } finally {
            Files.deleteIfExists(copy);
        }
    }

    private PackageXml readPackage(Cabinet inner) throws IOException {
        PackageXml[] read = new PackageXml[1];
        inner.extract(
                e -> e.name().equalsIgnoreCase("package.xml"),
                (entry, in) -> read[0] = PackageXml.read(in, inner.name() + "!" + entry.name(), texts));
        if (read[0] == null) {
            throw new ScanFileException(inner.name() + " has no package.xml: it is not an offline scan file");
        }
        return read[0];
    }

    private void readDetails(
            Cabinet inner,
            Map<Integer, String> wanted,
            Map<Integer, UpdateDetails> extended,
            Map<Integer, String[]> localized)
            throws IOException {
        inner.extract(e -> fragmentKind(e, wanted) != null, (entry, in) -> {
            String what = inner.name() + "!" + entry.name();
            if (entry.size() > Fragments.MAX_FRAGMENT_BYTES) {
                throw new ScanFileException(what + " is " + entry.size() + " bytes, more than a fragment may be ("
                        + Fragments.MAX_FRAGMENT_BYTES + ")");
            }
            // the entry's size is known and bounded: one array of it, not readAllBytes' 8 KiB steps and copy
            byte[] bytes = new byte[(int) entry.size()];
            if (in.readNBytes(bytes, 0, bytes.length) != bytes.length) {
                throw new ScanFileException(what + " ends before its " + entry.size() + " bytes");
            }
            int revision = revisionOf(entry.name());
            if (entry.name().startsWith("x/")) {
                extended.put(revision, Fragments.extended(bytes, what).shared(texts));
            } else {
                String[] text = Fragments.localized(bytes, what);
                localized.put(revision, new String[] {text[0], texts.of(text[1]), wanted.get(revision)});
            }
        });
    }

    /** "x" or "l" when the entry is a fragment a search needs, else null. */
    private static String fragmentKind(CabinetEntry entry, Map<Integer, String> wanted) {
        String n = entry.name();
        int revision = revisionOf(n);
        if (revision < 0 || !wanted.containsKey(revision)) {
            return null;
        }
        if (n.startsWith("x/") && n.indexOf('/', 2) < 0) {
            return "x";
        }
        if (n.equals("l/" + wanted.get(revision) + "/" + revision)) {
            return "l";
        }
        return null;
    }

    private static int revisionOf(String entryName) {
        int slash = entryName.lastIndexOf('/');
        String last = entryName.substring(slash + 1);
        if (last.isEmpty() || last.length() > 9) {
            return -1;
        }
        for (int i = 0; i < last.length(); i++) {
            if (last.charAt(i) < '0' || last.charAt(i) > '9') {
                return -1;
            }
        }
        return Integer.parseInt(last);
    }
}
