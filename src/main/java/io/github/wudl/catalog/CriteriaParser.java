package io.github.wudl.catalog;

import io.github.wudl.catalog.CriteriaNode.And;
import io.github.wudl.catalog.CriteriaNode.Or;
import io.github.wudl.catalog.CriteriaNode.Property;
import io.github.wudl.catalog.CriteriaNode.Term;
import io.github.wudl.wua.UpdateType;
import java.util.ArrayList;
import java.util.List;

/**
 * Recursive descent over the WUA criteria subset of SPEC §3:
 *
 * <pre>
 * criteria := conj ( "or" conj )*
 * conj     := primary ( "and" primary )*
 * primary  := "(" criteria ")" | term
 * term     := FLAG "=" ("0" | "1") | "Type" "=" STRING | "UpdateID" "=" STRING
 *           | "RevisionNumber" "=" NUMBER | "CategoryIDs" "contains" STRING
 * STRING   := "'" ( any character but "'" | "''" )* "'"
 * </pre>
 *
 * Words are case-insensitive, as in WUA. Every refusal names the offending token and its 1-based column.
 */
final class CriteriaParser {
    static final String SUPPORTED = "supported terms: IsInstalled=0|1, IsHidden=0|1, BrowseOnly=0|1,"
            + " IsPresent=0|1, IsAssigned=0|1, RebootRequired=0|1, AutoSelectOnWebSites=0|1,"
            + " Type='Software'|'Driver', DeploymentAction='Installation'|'Uninstallation'|'Detection'"
            + "|'OptionalInstallation', UpdateID='<GUID>', RevisionNumber=<n>, CategoryIDs contains '<category>',"
            + " joined with and, or and parentheses";
    /** Deeper parentheses are refused rather than risking the stack. */
    static final int MAX_DEPTH = 64;

    static final int MAX_LENGTH = 65536;

    enum Kind {
        WORD,
        NUMBER,
        STRING,
        EQ,
        OTHER_OP,
        LPAREN,
        RPAREN,
        END
    }

    /** {@code text} is the unquoted value for STRING; {@code column} is 1-based. */
    record Token(Kind kind, String text, int column) {
        String shown() {
            switch (kind) {
                case END:
                    return "the end";
                case STRING:
                    return Term.quote(text);
                default:
                    return "'" + text + "'";
            }
        }
    }

    private final String source;
    private final List<Token> tokens;
    private int pos;
    private int depth;

    private CriteriaParser(String source) {
        this.source = source;
        this.tokens = tokenize();
    }

    static CriteriaNode parse(String text) {
        if (text.length() > MAX_LENGTH) {
            throw new CatalogException(
                    null,
                    -1,
                    -1,
                    "search criteria of " + text.length() + " characters refused: at most " + MAX_LENGTH
                            + " are accepted");
        }
        CriteriaParser p = new CriteriaParser(text);
        CriteriaNode root = p.criteria();
        Token t = p.peek();
        if (t.kind() != Kind.END) {
            throw p.error(
                    t,
                    "unexpected " + t.shown() + " at column " + t.column()
                            + (t.kind() == Kind.RPAREN ? " (no '(' to close)" : "; join terms with and or or"));
        }
        return root;
    }

    private CriteriaNode criteria() {
        List<CriteriaNode> parts = new ArrayList<>();
        addFlat(parts, conj(), Or.class);
        while (isWord(peek(), "or")) {
            pos++;
            addFlat(parts, conj(), Or.class);
        }
        return parts.size() == 1 ? parts.get(0) : new Or(parts);
    }

    private CriteriaNode conj() {
        List<CriteriaNode> parts = new ArrayList<>();
        addFlat(parts, primary(), And.class);
        while (isWord(peek(), "and")) {
            pos++;
            addFlat(parts, primary(), And.class);
        }
        return parts.size() == 1 ? parts.get(0) : new And(parts);
    }

    /** a and (b and c) is a and b and c: keeps the canonical form free of redundant parentheses. */
    private static void addFlat(List<CriteriaNode> parts, CriteriaNode n, Class<? extends CriteriaNode> kind) {
        if (kind == Or.class && n instanceof Or or) {
            parts.addAll(or.parts());
        } else if (kind == And.class && n instanceof And and) {
            parts.addAll(and.parts());
        } else {
            parts.add(n);
        }
    }

    private CriteriaNode primary() {
        Token t = next();
        if (t.kind() == Kind.LPAREN) {
            if (++depth > MAX_DEPTH) {
                throw error(t, "parentheses nested deeper than " + MAX_DEPTH + " at column " + t.column());
            }
            CriteriaNode inner = criteria();
            Token close = next();
            if (close.kind() != Kind.RPAREN) {
                throw error(
                        close,
                        "expected ')' to close the '(' at column " + t.column() + ", found " + close.shown()
                                + " at column " + close.column());
            }
            depth--;
            return inner;
        }
        if (t.kind() != Kind.WORD || isWord(t, "and") || isWord(t, "or")) {
            throw error(t, "expected a term or '(' at column " + t.column() + ", found " + t.shown());
        }
        return term(t);
    }

    private Term term(Token name) {
        Property p = Property.named(name.text());
        if (p == null) {
            throw error(name, name.text() + " (column " + name.column() + ") is not supported by the catalog search");
        }
        Token op = next();
        if (p == Property.CategoryIDs) {
            if (!isWord(op, "contains")) {
                throw error(
                        op,
                        "CategoryIDs takes 'contains' (CategoryIDs contains '<category>'), found " + op.shown()
                                + " at column " + op.column());
            }
            Token v = expect(next(), Kind.STRING, p, "a category in single quotes");
            return new Term(p, v.text());
        }
        if (op.kind() != Kind.EQ) {
            String found = op.kind() == Kind.OTHER_OP
                    ? op.shown() + " (column " + op.column()
                            + ") is not supported; the catalog search compares with '=' only"
                    : "expected '=' after " + p + " at column " + op.column() + ", found " + op.shown();
            throw error(op, found);
        }
        Token v = next();
        switch (p) {
            case IsInstalled:
            case IsHidden:
            case BrowseOnly:
            case IsPresent:
            case IsAssigned:
            case RebootRequired:
            case AutoSelectOnWebSites:
                expect(v, Kind.NUMBER, p, "0 or 1");
                if (!v.text().equals("0") && !v.text().equals("1")) {
                    throw error(v, p + " takes 0 or 1, found " + v.text() + " at column " + v.column());
                }
                return new Term(p, Integer.valueOf(v.text()));
            case Type:
                expect(v, Kind.STRING, p, "'Software' or 'Driver'");
                for (UpdateType type : UpdateType.values()) {
                    if (type.name().equalsIgnoreCase(v.text())) {
                        return new Term(p, type.name());
                    }
                }
                throw error(v, "Type takes 'Software' or 'Driver', found " + v.shown() + " at column " + v.column());
            case DeploymentAction:
                expect(v, Kind.STRING, p, "'Installation', 'Uninstallation', 'Detection' or 'OptionalInstallation'");
                for (String action : List.of("Installation", "Uninstallation", "Detection", "OptionalInstallation")) {
                    if (action.equalsIgnoreCase(v.text())) {
                        return new Term(p, action);
                    }
                }
                throw error(
                        v,
                        "DeploymentAction takes 'Installation', 'Uninstallation', 'Detection' or"
                                + " 'OptionalInstallation', found " + v.shown() + " at column " + v.column());
            case UpdateID:
                expect(v, Kind.STRING, p, "a GUID in single quotes");
                String guid = Guids.normalize(v.text());
                if (guid == null) {
                    throw error(
                            v,
                            "UpdateID takes a GUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx), found " + v.shown()
                                    + " at column " + v.column());
                }
                return new Term(p, guid);
            case RevisionNumber:
                expect(v, Kind.NUMBER, p, "a whole number");
                try {
                    return new Term(p, Integer.valueOf(v.text()));
                } catch (NumberFormatException e) {
                    throw error(v, "RevisionNumber " + v.text() + " at column " + v.column() + " is too large");
                }
            default:
                throw new AssertionError(p);
        }
    }

    private Token expect(Token v, Kind kind, Property p, String what) {
        if (v.kind() != kind) {
            throw error(v, p + " takes " + what + ", found " + v.shown() + " at column " + v.column());
        }
        return v;
    }

    private static boolean isWord(Token t, String word) {
        return t.kind() == Kind.WORD && t.text().equalsIgnoreCase(word);
    }

    private Token peek() {
        return tokens.get(pos);
    }

    private Token next() {
        Token t = tokens.get(pos);
        if (t.kind() != Kind.END) {
            pos++;
        }
        return t;
    }

    private CatalogException error(Token at, String problem) {
        return error(at.column(), problem);
    }

    private CatalogException error(int column, String problem) {
        return new CatalogException(
                null, -1, column, "search criteria " + Fields.show(source) + " refused: " + problem + "; " + SUPPORTED);
    }

    private List<Token> tokenize() {
        List<Token> out = new ArrayList<>();
        String s = source;
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            int col = i + 1;
            if (Character.isWhitespace(c)) {
                i++;
            } else if (Character.isLetter(c) || c == '_') {
                int start = i;
                while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_')) {
                    i++;
                }
                out.add(new Token(Kind.WORD, s.substring(start, i), col));
            } else if (c >= '0' && c <= '9') {
                int start = i;
                while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                    i++;
                }
                out.add(new Token(Kind.NUMBER, s.substring(start, i), col));
            } else if (c == '\'') {
                StringBuilder value = new StringBuilder();
                i++;
                while (true) {
                    if (i >= s.length()) {
                        throw error(col, "the string starting at column " + col + " is not closed with '");
                    }
                    char d = s.charAt(i++);
                    if (d == '\'') {
                        if (i < s.length() && s.charAt(i) == '\'') {
                            value.append('\''); // '' is a quote inside a string, as in SQL
                            i++;
                        } else {
                            break;
                        }
                    } else {
                        value.append(d);
                    }
                }
                out.add(new Token(Kind.STRING, value.toString(), col));
            } else if (c == '(' || c == ')') {
                out.add(new Token(c == '(' ? Kind.LPAREN : Kind.RPAREN, String.valueOf(c), col));
                i++;
            } else if (c == '=' || c == '!' || c == '<' || c == '>') {
                int start = i++;
                if (i < s.length() && (s.charAt(i) == '=' || (c == '<' && s.charAt(i) == '>'))) {
                    i++;
                }
                String op = s.substring(start, i);
                out.add(new Token(op.equals("=") ? Kind.EQ : Kind.OTHER_OP, op, col));
            } else if (c == '"') {
                throw error(col, "double quote at column " + col + "; WUA criteria put strings in single quotes");
            } else {
                throw error(col, "unexpected character " + Fields.show(String.valueOf(c)) + " at column " + col);
            }
        }
        out.add(new Token(Kind.END, "", s.length() + 1));
        return out;
    }
}
