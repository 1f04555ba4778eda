package io.github.wudl.scanfile;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import javax.xml.stream.XMLStreamConstants;

/**
 * One streaming pass over {@code package.xml}: every {@code <Update>} becomes a {@link ScanUpdate} and every
 * {@code <FileLocation>} an entry of {@link #fileLocations}. Elements it does not know are skipped, so that a
 * newer file with more in it still reads; what it relies on is checked (GUIDs, numbers, URLs), and counts are
 * bounded.
 */
final class PackageXml {
    static final int MAX_UPDATES = 2_000_000;
    static final int MAX_FILE_LOCATIONS = 2_000_000;
    static final int MAX_REFERENCES = 10_000;
    private static final Pattern GUID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final Pattern SHA1_BASE64 = Pattern.compile("[A-Za-z0-9+/]{27}=");

    final List<ScanUpdate> updates = new ArrayList<>();
    private final Interner texts;
    private final Map<String, ScanUpdate.CategoryRef> categoryRefs = new HashMap<>();
    final Map<String, String> fileLocations = new HashMap<>();
    String creationDate = "";
    String packageVersion = "";

    private PackageXml(Interner texts) {
        this.texts = texts;
    }

    static PackageXml read(InputStream in, String what) throws ScanFileException {
        return read(in, what, new Interner());
    }

    /** Reads {@code in}; {@code texts} shares its repeated texts (and later, the detail fragments'). */
    static PackageXml read(InputStream in, String what, Interner texts) throws ScanFileException {
        PackageXml p = new PackageXml(texts);
        try (ScanXml.Reader xml = ScanXml.open(in, what)) {
            if (xml.nextTag() != XMLStreamConstants.START_ELEMENT || !xml.name().equals("OfflineSyncPackage")) {
                throw xml.refuse("does not start with <OfflineSyncPackage>: it is not an offline scan package");
            }
            p.creationDate = xml.attribute("CreationDate");
            p.packageVersion = xml.attribute("PackageVersion");
            int event;
            while ((event = xml.nextTag()) >= 0) {
                if (event != XMLStreamConstants.START_ELEMENT) {
                    continue;
                }
                switch (xml.name()) {
                    case "Updates":
                    case "FileLocations":
                        break; // containers: their children come next
                    case "Update":
                        if (p.updates.size() == MAX_UPDATES) {
                            throw xml.refuse("has more than " + MAX_UPDATES + " updates");
                        }
                        p.updates.add(p.update(xml));
                        break;
                    case "FileLocation":
                        p.fileLocation(xml);
                        break;
                    default:
                        xml.skipElement();
                }
            }
        }
        return p;
    }

    private void fileLocation(ScanXml.Reader xml) throws ScanFileException {
        if (fileLocations.size() == MAX_FILE_LOCATIONS) {
            throw xml.refuse("has more than " + MAX_FILE_LOCATIONS + " file locations");
        }
        String id = xml.attribute("Id");
        String url = xml.attribute("Url");
        if (!SHA1_BASE64.matcher(id).matches()) {
            throw xml.refuse("has a FileLocation whose Id \"" + clip(id) + "\" is not a base64 SHA-1");
        }
        String lower = url.toLowerCase(Locale.ROOT);
        if (!(lower.startsWith("http://") || lower.startsWith("https://")) || url.length() > 4096) {
            throw xml.refuse("has a FileLocation " + id + " whose Url \"" + clip(url) + "\" is not an http(s) URL");
        }
        fileLocations.put(texts.of(id), url);
        xml.skipElement();
    }

    private ScanUpdate update(ScanXml.Reader xml) throws ScanFileException {
        int revisionId = number(xml, "RevisionId");
        String where = "Update " + revisionId;
        String updateId = xml.attribute("UpdateId").toLowerCase(Locale.ROOT);
        if (!GUID.matcher(updateId).matches()) {
            throw xml.refuse("has an " + where + " whose UpdateId \"" + clip(updateId) + "\" is not a GUID");
        }
        int revisionNumber = number(xml, "RevisionNumber");
        boolean leaf = flag(xml, "IsLeaf");
        boolean bundle = flag(xml, "IsBundle");
        String action = xml.attribute("DeploymentAction");
        String created = clip(xml.attribute("CreationDate"));
        String language = clip(xml.attribute("DefaultLanguage"));
        List<ScanUpdate.CategoryRef> categories = new ArrayList<>();
        List<Integer> bundledBy = new ArrayList<>();
        List<Integer> supersededBy = new ArrayList<>();
        List<String> payload = new ArrayList<>();
        String list = "";
        int depth = xml.depth();
        int event;
        while ((event = xml.nextTag()) >= 0 && xml.depth() >= depth) {
            if (event != XMLStreamConstants.START_ELEMENT) {
                continue;
            }
            String name = xml.name();
            if (xml.depth() == depth + 1) {
                list = name;
                if (!List.of("Categories", "BundledBy", "SupersededBy", "PayloadFiles")
                        .contains(name)) {
                    xml.skipElement();
                }
                continue;
            }
            switch (list + "/" + name) {
                case "Categories/Category":
                    String id = xml.attribute("Id").toLowerCase(Locale.ROOT);
                    if (!GUID.matcher(id).matches()) {
                        throw xml.refuse(
                                "has an " + where + " with a Category Id \"" + clip(id) + "\" that is not a GUID");
                    }
                    String type = clip(xml.attribute("Type"));
                    categories.add(categoryRefs.computeIfAbsent(
                            type + "\n" + id, k -> new ScanUpdate.CategoryRef(texts.of(type), texts.of(id))));
                    bounded(xml, where, categories.size());
                    break;
                case "BundledBy/Revision":
                    bundledBy.add(number(xml, "Id"));
                    bounded(xml, where, bundledBy.size());
                    break;
                case "SupersededBy/Revision":
                    supersededBy.add(number(xml, "Id"));
                    bounded(xml, where, supersededBy.size());
                    break;
                case "PayloadFiles/File":
                    String file = xml.attribute("Id");
                    if (!SHA1_BASE64.matcher(file).matches()) {
                        throw xml.refuse("has an " + where + " with a payload File Id \"" + clip(file)
                                + "\" that is not a base64 SHA-1");
                    }
                    payload.add(texts.of(file));
                    bounded(xml, where, payload.size());
                    break;
                default:
                    break;
            }
            xml.skipElement();
        }
        return new ScanUpdate(
                revisionId,
                updateId,
                revisionNumber,
                leaf,
                bundle,
                texts.of(clip(action)),
                texts.of(created),
                texts.of(language),
                List.copyOf(categories),
                bundledBy.stream().mapToInt(Integer::intValue).toArray(),
                supersededBy.stream().mapToInt(Integer::intValue).toArray(),
                List.copyOf(payload));
    }

    private static void bounded(ScanXml.Reader xml, String where, int count) throws ScanFileException {
        if (count > MAX_REFERENCES) {
            throw xml.refuse("has an " + where + " with more than " + MAX_REFERENCES + " references in one list");
        }
    }

    private static int number(ScanXml.Reader xml, String attribute) throws ScanFileException {
        String text = xml.attribute(attribute);
        try {
            int n = Integer.parseInt(text);
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // refused below with the element's context
        }
        throw xml.refuse("has a " + xml.name() + " whose " + attribute + " \"" + clip(text) + "\" is not a number");
    }

    private static boolean flag(ScanXml.Reader xml, String attribute) throws ScanFileException {
        return xml.attribute(attribute).equalsIgnoreCase("true");
    }

    static String clip(String s) {
        return s.length() > 200 ? s.substring(0, 200) + "…" : s;
    }
}
