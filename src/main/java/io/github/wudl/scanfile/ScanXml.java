package io.github.wudl.scanfile;

import java.io.InputStream;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * The one way this package parses XML: the JDK's own StAX parser (never one found on the class path), no
 * DTD, no external entity, no namespace processing (fragments use prefixes they never declare; names are
 * matched by their local part), and a depth and a per-value length checked on every element, so that a
 * hostile document costs bounded memory and is refused with a message naming it.
 */
final class ScanXml {
    static final int MAX_DEPTH = 64;
    static final int MAX_VALUE_CHARS = 1 << 20;
    private static final XMLInputFactory FACTORY = factory();

    private ScanXml() {}

    private static XMLInputFactory factory() {
        XMLInputFactory f = XMLInputFactory.newDefaultFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        f.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, false);
        f.setProperty(XMLInputFactory.IS_COALESCING, true);
        return f;
    }

    /** A reader over {@code in}; {@code what} names the document in every refusal. */
    static Reader open(InputStream in, String what) throws ScanFileException {
        try {
            return new Reader(FACTORY.createXMLStreamReader(in, "UTF-8"), what);
        } catch (XMLStreamException e) {
            throw new ScanFileException(what + " is not XML: " + e.getMessage(), e);
        }
    }

    /** A pull parser that refuses DTDs, depth past {@link #MAX_DEPTH} and values past {@link #MAX_VALUE_CHARS}. */
    static final class Reader implements AutoCloseable {
        private final XMLStreamReader xml;
        private final String what;
        private int depth;

        Reader(XMLStreamReader xml, String what) {
            this.xml = xml;
            this.what = what;
        }

        String what() {
            return what;
        }

        int depth() {
            return depth;
        }

        /** The next start or end tag (text and comments are skipped); -1 at the end of the document. */
        int nextTag() throws ScanFileException {
            try {
                while (xml.hasNext()) {
                    int event = xml.next();
                    switch (event) {
                        case XMLStreamConstants.START_ELEMENT:
                            if (++depth > MAX_DEPTH) {
                                throw refuse("nests elements deeper than " + MAX_DEPTH);
                            }
                            return event;
                        case XMLStreamConstants.END_ELEMENT:
                            depth--;
                            return event;
                        case XMLStreamConstants.DTD:
                            throw refuse("has a DTD, which an update document never has");
                        case XMLStreamConstants.ENTITY_REFERENCE:
                            throw refuse("refers to the entity &" + xml.getLocalName() + ";");
                        default:
                            break;
                    }
                }
                return -1;
            } catch (XMLStreamException e) {
                throw new ScanFileException(what + " is not well-formed XML: " + e.getMessage(), e);
            }
        }

        /** The local name of the current element (without any prefix). */
        String name() {
            String n = xml.getLocalName();
            int colon = n.indexOf(':');
            return colon < 0 ? n : n.substring(colon + 1);
        }

        /** The value of attribute {@code local} on the current start tag, or {@code ""}. */
        String attribute(String local) throws ScanFileException {
            for (int i = 0; i < xml.getAttributeCount(); i++) {
                String n = xml.getAttributeLocalName(i);
                int colon = n.indexOf(':');
                if ((colon < 0 ? n : n.substring(colon + 1)).equals(local)) {
                    String v = xml.getAttributeValue(i);
                    if (v.length() > MAX_VALUE_CHARS) {
                        throw refuse("has an attribute " + local + " of " + v.length() + " characters");
                    }
                    return v;
                }
            }
            return "";
        }

        /** The text of the current element, which must hold text only; leaves the reader on its end tag. */
        String text() throws ScanFileException {
            String element = name();
            try {
                StringBuilder out = new StringBuilder();
                while (true) {
                    int event = xml.next();
                    if (event == XMLStreamConstants.CHARACTERS
                            || event == XMLStreamConstants.CDATA
                            || event == XMLStreamConstants.SPACE) {
                        out.append(xml.getTextCharacters(), xml.getTextStart(), xml.getTextLength());
                        if (out.length() > MAX_VALUE_CHARS) {
                            throw refuse("has a " + element + " of more than " + MAX_VALUE_CHARS + " characters");
                        }
                    } else if (event == XMLStreamConstants.END_ELEMENT) {
                        depth--;
                        return out.toString();
                    } else if (event == XMLStreamConstants.START_ELEMENT) {
                        // Mixed content (markup inside a description): keep the text, drop the tags.
                        if (++depth > MAX_DEPTH) {
                            throw refuse("nests elements deeper than " + MAX_DEPTH);
                        }
                        skipElement();
                    } else if (event == XMLStreamConstants.ENTITY_REFERENCE) {
                        throw refuse("refers to the entity &" + xml.getLocalName() + ";");
                    }
                }
            } catch (XMLStreamException e) {
                throw new ScanFileException(what + " is not well-formed XML: " + e.getMessage(), e);
            }
        }

        /** Skips the element whose start tag the reader is on, children included. */
        void skipElement() throws ScanFileException {
            int target = depth - 1;
            while (depth > target) {
                if (nextTag() < 0) {
                    throw refuse("ends inside an element");
                }
            }
        }

        ScanFileException refuse(String problem) {
            return new ScanFileException(what + " " + problem);
        }

        @Override
        public void close() {
            try {
                xml.close();
            } catch (XMLStreamException e) {
                // nothing was written; a close failure loses nothing
            }
        }
    }
}
