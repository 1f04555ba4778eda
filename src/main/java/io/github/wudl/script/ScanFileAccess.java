package io.github.wudl.script;

import io.github.wudl.wua.HResult;
import io.github.wudl.wua.WuaException;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a script may name in {@code ServiceManager.AddScanPackageService}: only what the user allowed on the
 * command line. That is the {@code --catalog} of the run (as spelled, or the same file by another path), and
 * regular files under the folders given with {@code --allow-read}. Everything else — another file, a URL other
 * than {@code --catalog}, a path that merely exists or not outside those folders — is E_ACCESSDENIED, with the
 * same words whether or not it exists, so a script learns nothing about the host's files.
 *
 * <p>Paths are compared after resolving links ({@link Path#toRealPath}), so a link inside an allowed folder
 * that points outside it is refused. An allowed file must be a regular file (never a pipe, device or folder:
 * the type is checked before anything opens it, since opening a FIFO blocks) of at most
 * {@link #MAX_SCAN_FILE_BYTES}. URLs: a script may fetch only the {@code --catalog} URL itself, because
 * fetching any other would let it reach hosts (an internal network) the user never named.
 *
 * <p>Immutable; the folders are resolved at each check, so one created after the run started counts.
 */
final class ScanFileAccess {
    /** The same limit as {@code PortableBackend.MAX_CATALOG_BYTES} for {@code --catalog} (a test keeps them equal). */
    static final long MAX_SCAN_FILE_BYTES = 8L << 30;

    private static final String HOW =
            "; to let the script read it, pass it as --catalog, or allow its folder" + " with --allow-read DIR";

    /** A location a script may open: {@code location} to hand the factory, and whether the user named it. */
    record Allowed(String location, boolean fromCommandLine) {}

    private final String catalog;
    private final List<Path> allowedFolders;

    ScanFileAccess(String catalog, List<Path> allowedFolders) {
        this.catalog = catalog;
        this.allowedFolders = List.copyOf(allowedFolders);
    }

    /**
     * Checks {@code location} as a script named it.
     *
     * @throws WuaException E_ACCESSDENIED when the user did not allow it; E_INVALIDARG for an allowed path that
     *                      does not exist, is not a regular file, or is too large
     */
    Allowed check(String location) {
        if (location.equals(catalog)) {
            return new Allowed(location, true);
        }
        String lower = location.toLowerCase(Locale.ROOT);
        boolean isUri = lower.matches("^[a-z][a-z0-9+.-]*:(//|/).*") && !lower.matches("^[a-z]:[\\\\/].*");
        if (isUri && !lower.startsWith("file:")) {
            throw new WuaException(
                    HResult.E_ACCESSDENIED,
                    "AddScanPackageService('" + location + "'): a script may"
                            + " fetch only the URL given as --catalog; run it with --catalog " + location
                            + " to allow it");
        }
        Path asked;
        try {
            asked = (isUri ? Path.of(URI.create(location)) : Path.of(location)).toAbsolutePath();
        } catch (IllegalArgumentException e) {
            throw new WuaException(
                    HResult.E_INVALIDARG,
                    "AddScanPackageService('" + location + "'): that is neither"
                            + " a file path nor an http(s) URL; give the path of a catalog .json file",
                    e);
        }
        Path real = realPath(asked);
        Path catalogFile = catalogFile();
        boolean isCatalog = catalogFile != null && catalogFile.equals(real);
        if (!isCatalog && !underAllowedFolder(real)) {
            throw denied(location);
        }
        BasicFileAttributes attrs;
        try {
            attrs = Files.readAttributes(real, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            throw new WuaException(
                    HResult.E_INVALIDARG,
                    "AddScanPackageService: the scan file " + asked + " does not exist; check the path",
                    e);
        } catch (IOException e) {
            throw new WuaException(
                    HResult.E_INVALIDARG,
                    "AddScanPackageService: cannot read the scan file " + asked + " ("
                            + e.getClass().getSimpleName() + "); check its permissions",
                    e);
        }
        if (!attrs.isRegularFile()) {
            throw new WuaException(
                    HResult.E_INVALIDARG,
                    "AddScanPackageService: " + asked + " is "
                            + (attrs.isDirectory() ? "a folder" : "not a regular file (a pipe or a device)")
                            + "; give the path of a catalog .json file");
        }
        if (attrs.size() > MAX_SCAN_FILE_BYTES) {
            throw new WuaException(
                    HResult.E_INVALIDARG,
                    "AddScanPackageService: the scan file " + asked + " is " + attrs.size()
                            + " bytes, over the limit of " + MAX_SCAN_FILE_BYTES + "; split it");
        }
        return new Allowed(real.toString(), isCatalog);
    }

    private static WuaException denied(String location) {
        return new WuaException(
                HResult.E_ACCESSDENIED,
                "AddScanPackageService('" + location + "'): the script may" + " not read that file" + HOW);
    }

    private boolean underAllowedFolder(Path real) {
        for (Path folder : allowedFolders) {
            try {
                if (real.startsWith(folder.toRealPath())) {
                    return true;
                }
            } catch (IOException missing) {
                // a folder that does not exist (yet) allows nothing
            }
        }
        return false;
    }

    /** The {@code --catalog} as a real path when it is a local file, else null. */
    private Path catalogFile() {
        if (catalog == null || catalog.toLowerCase(Locale.ROOT).matches("^(https?|ftp)://.*")) {
            return null;
        }
        try {
            String c = catalog;
            Path p = c.toLowerCase(Locale.ROOT).startsWith("file:") ? Path.of(URI.create(c)) : Path.of(c);
            return p.toAbsolutePath().toRealPath();
        } catch (IOException | IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * {@code p} with every link resolved. For a path that does not exist: its nearest existing ancestor's real
     * path plus the names that do not exist (which, not existing, are no links), so the folder check still
     * holds and "does not exist" is said only inside an allowed folder.
     */
    private static Path realPath(Path p) {
        List<String> missing = new ArrayList<>();
        Path at = p;
        while (at != null) {
            try {
                Path real = at.toRealPath();
                for (int i = missing.size() - 1; i >= 0; i--) {
                    real = real.resolve(missing.get(i));
                }
                return real.normalize();
            } catch (IOException e) {
                Path name = at.getFileName();
                if (name != null) {
                    missing.add(name.toString());
                }
                at = at.getParent();
            }
        }
        return p.normalize();
    }
}
