package io.github.wudl.scanfile;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import javax.xml.stream.XMLStreamConstants;

/**
 * Reads the detail fragments of a revision. An {@code x/} fragment is a sequence of sibling elements with no
 * root and no declaration ({@code <ExtendedProperties>…</ExtendedProperties><Files>…</Files>…}), so it is
 * parsed inside a root of wudl's own; an {@code l/} fragment is one {@code <LocalizedProperties>} document.
 */
final class Fragments {
    /** The largest fragment read: real ones are a few KiB; a larger one is refused, not parsed. */
    static final long MAX_FRAGMENT_BYTES = 16L << 20;

    private static final byte[] OPEN = "<wudl-fragment>".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CLOSE = "</wudl-fragment>".getBytes(StandardCharsets.US_ASCII);
    private static final Pattern DIGITS = Pattern.compile("[0-9]{1,12}");
    private static final Pattern BASE64 = Pattern.compile("[A-Za-z0-9+/]+={0,2}");

    private Fragments() {}

    /** The extended properties of {@code x/<RevisionId>}; {@code what} names it in refusals. */
    static UpdateDetails extended(byte[] fragment, String what) throws ScanFileException {
        List<String> kb = new ArrayList<>();
        List<UpdateDetails.FileDetails> files = new ArrayList<>();
        String severity = "";
        String supportUrl = "";
        boolean beta = false;
        InputStream in = new SequenceInputStream(
                new SequenceInputStream(
                        new ByteArrayInputStream(OPEN), new ByteArrayInputStream(withoutDeclaration(fragment))),
                new ByteArrayInputStream(CLOSE));
        try (ScanXml.Reader xml = ScanXml.open(in, what)) {
            int event;
            String file = null;
            long size = -1;
            String sha1 = "";
            String sha256 = "";
            while ((event = xml.nextTag()) >= 0) {
                String name = xml.name();
                if (event == XMLStreamConstants.END_ELEMENT) {
                    if (name.equals("File") && file != null) {
                        files.add(new UpdateDetails.FileDetails(file, size, sha1, sha256));
                        file = null;
                    }
                    continue;
                }
                switch (name) {
                    case "ExtendedProperties":
                        severity = PackageXml.clip(xml.attribute("MsrcSeverity"));
                        beta = xml.attribute("IsBeta").equalsIgnoreCase("true");
                        break;
                    case "KBArticleID":
                        String id = xml.text().trim();
                        if (!DIGITS.matcher(id).matches()) {
                            throw xml.refuse("has a KBArticleID \"" + PackageXml.clip(id) + "\" that is not a number");
                        }
                        kb.add(id);
                        break;
                    case "SupportUrl":
                        supportUrl = PackageXml.clip(xml.text().trim());
                        break;
                    case "File":
                        if (xml.depth() != 3) {
                            xml.skipElement();
                            break;
                        }
                        file = xml.attribute("FileName");
                        size = size(xml);
                        sha1 = xml.attribute("Digest");
                        sha256 = "";
                        if (!BASE64.matcher(sha1).matches()) {
                            throw xml.refuse("has a File " + PackageXml.clip(file) + " whose Digest is not base64");
                        }
                        break;
                    case "AdditionalDigest":
                        String value = xml.attribute("Algorithm");
                        String digest = xml.text().trim();
                        if (value.equalsIgnoreCase("SHA256") && file != null) {
                            if (!BASE64.matcher(digest).matches()) {
                                throw xml.refuse(
                                        "has a SHA256 digest of " + PackageXml.clip(file) + " that is not base64");
                            }
                            sha256 = digest;
                        }
                        break;
                    case "HandlerSpecificData":
                    case "InstallationBehavior":
                    case "UninstallationBehavior":
                        xml.skipElement();
                        break;
                    default:
                        break;
                }
            }
        }
        return new UpdateDetails("", "", "", List.copyOf(kb), severity, supportUrl, beta, List.copyOf(files));
    }

    private static long size(ScanXml.Reader xml) throws ScanFileException {
        String text = xml.attribute("Size");
        try {
            long n = Long.parseLong(text);
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw xml.refuse("has a File whose Size \"" + PackageXml.clip(text) + "\" is not a number of bytes");
    }

    /** Title and Description of {@code l/<language>/<RevisionId>}: {@code {title, description}}. */
    static String[] localized(byte[] fragment, String what) throws ScanFileException {
        String title = "";
        String description = "";
        try (ScanXml.Reader xml = ScanXml.open(new ByteArrayInputStream(fragment), what)) {
            int event;
            while ((event = xml.nextTag()) >= 0) {
                if (event != XMLStreamConstants.START_ELEMENT) {
                    continue;
                }
                switch (xml.name()) {
                    case "Title":
                        title = xml.text().strip();
                        break;
                    case "Description":
                        description = xml.text().strip();
                        break;
                    default:
                        break;
                }
            }
        }
        if (title.length() > 4096) {
            throw new ScanFileException(what + " has a title of " + title.length() + " characters");
        }
        return new String[] {title, description};
    }

    private static byte[] withoutDeclaration(byte[] fragment) {
        int start = 0;
        if (fragment.length >= 3
                && (fragment[0] & 0xff) == 0xef
                && (fragment[1] & 0xff) == 0xbb
                && (fragment[2] & 0xff) == 0xbf) {
            start = 3;
        }
        if (fragment.length - start > 5 && fragment[start] == '<' && fragment[start + 1] == '?') {
            for (int i = start + 2; i + 1 < fragment.length; i++) {
                if (fragment[i] == '?' && fragment[i + 1] == '>') {
                    start = i + 2;
                    break;
                }
            }
        }
        return start == 0 ? fragment : java.util.Arrays.copyOfRange(fragment, start, fragment.length);
    }
}
