package io.github.wudl.catalog;

import java.util.List;
import java.util.stream.Collectors;

/** The parsed form of a criteria string: terms joined by and/or. Immutable. */
sealed interface CriteriaNode permits CriteriaNode.And, CriteriaNode.Or, CriteriaNode.Term {

    /** Whether {@code u}, whose IsHidden is {@code hidden} now, satisfies this. */
    boolean matches(CatalogUpdate u, boolean hidden);

    /** The canonical spelling; {@code Criteria.parse(render())} gives an equal tree. */
    String render();

    /** The properties the catalog search understands, with WUA's spelling. */
    enum Property {
        IsInstalled,
        IsHidden,
        BrowseOnly,
        /** Installed for at least one product: for a catalog, as IsInstalled. */
        IsPresent,
        /** Meant for deployment: every update a catalog lists is, since whoever made it chose them. */
        IsAssigned,
        /** Waiting for a reboot to finish installing: never, since wudl installs nothing. */
        RebootRequired,
        /** Flagged to be selected on Windows Update's web site: as IUpdate.AutoSelectOnWebSites, 0. */
        AutoSelectOnWebSites,
        DeploymentAction,
        Type,
        UpdateID,
        RevisionNumber,
        CategoryIDs;

        static Property named(String word) {
            for (Property p : values()) {
                if (p.name().equalsIgnoreCase(word)) {
                    return p;
                }
            }
            return null;
        }
    }

    record And(List<CriteriaNode> parts) implements CriteriaNode {
        public And {
            parts = List.copyOf(parts);
        }

        @Override
        public boolean matches(CatalogUpdate u, boolean hidden) {
            for (CriteriaNode p : parts) {
                if (!p.matches(u, hidden)) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public String render() {
            // and binds tighter than or, so only an or inside an and needs parentheses
            return parts.stream()
                    .map(p -> p instanceof Or ? "(" + p.render() + ")" : p.render())
                    .collect(Collectors.joining(" and "));
        }
    }

    record Or(List<CriteriaNode> parts) implements CriteriaNode {
        public Or {
            parts = List.copyOf(parts);
        }

        @Override
        public boolean matches(CatalogUpdate u, boolean hidden) {
            for (CriteriaNode p : parts) {
                if (p.matches(u, hidden)) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public String render() {
            return parts.stream().map(CriteriaNode::render).collect(Collectors.joining(" or "));
        }
    }

    /**
     * One comparison. {@code value} is an Integer for the 0|1 flags and RevisionNumber, the canonical
     * UpdateType name for Type, the normalised GUID for UpdateID, the category text for CategoryIDs.
     */
    record Term(Property property, Object value) implements CriteriaNode {
        @Override
        public boolean matches(CatalogUpdate u, boolean hidden) {
            switch (property) {
                case IsInstalled:
                    return u.installed() == flag();
                case IsHidden:
                    return hidden == flag();
                case BrowseOnly:
                    return u.browseOnly() == flag();
                case IsPresent:
                    return u.installed() == flag();
                case IsAssigned:
                    return flag();
                case RebootRequired:
                case AutoSelectOnWebSites:
                    return !flag();
                case DeploymentAction:
                    return u.deploymentAction().equalsIgnoreCase((String) value);
                case Type:
                    return u.type().name().equals(value);
                case UpdateID:
                    return u.id().equals(value);
                case RevisionNumber:
                    return u.revision() == (Integer) value;
                case CategoryIDs:
                    for (CatalogCategory c : u.categories()) {
                        if (c.matches((String) value)) {
                            return true;
                        }
                    }
                    return false;
                default:
                    throw new AssertionError(property);
            }
        }

        private boolean flag() {
            return (Integer) value == 1;
        }

        @Override
        public String render() {
            switch (property) {
                case Type:
                case UpdateID:
                case DeploymentAction:
                    return property + "=" + quote((String) value);
                case CategoryIDs:
                    return property + " contains " + quote((String) value);
                default:
                    return property + "=" + value;
            }
        }

        static String quote(String s) {
            return "'" + s.replace("'", "''") + "'";
        }
    }
}
