package io.github.wudl.script;

import io.github.wudl.wua.HResult;
import io.github.wudl.wua.InputPosition;
import io.github.wudl.wua.UpdateSession;
import io.github.wudl.wua.WuaException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * The backend sessions a run can search: the default one over {@code --catalog} (opened when first needed,
 * then shared by every Microsoft.Update.Session of the run), and one per catalog registered with
 * ServiceManager.AddScanPackageService, searched with {@code ServerSelection = 3} and its ServiceID. What a
 * script may register is decided by {@link ScanFileAccess}; a registered catalog that the user did not name on
 * the command line is refused without quoting any of its content (only where the problem is).
 */
final class Sessions {
    /** WUA's ServerSelection ssOthers: search the service named by ServiceID. */
    static final int SS_OTHERS = 3;

    /** One registered scan package service. */
    record Service(String name, String serviceID, String location, UpdateSession session) {}

    private final SessionFactory factory;
    private final String defaultCatalog;
    private final ScanFileAccess access;
    private final Map<String, Service> services = new LinkedHashMap<>();
    private UpdateSession defaultSession;

    Sessions(SessionFactory factory, String defaultCatalog, List<Path> allowRead) {
        this.factory = factory;
        this.defaultCatalog = defaultCatalog == null || defaultCatalog.isBlank() ? null : defaultCatalog;
        this.access = new ScanFileAccess(this.defaultCatalog, allowRead);
    }

    /**
     * The {@code --catalog} session (the backend's own service for one that needs no catalog);
     * WU_E_NO_SERVICE, saying what to do, when the run has none.
     */
    UpdateSession defaultSession() {
        if (defaultSession == null) {
            if (defaultCatalog == null && factory.needsCatalog()) {
                throw new WuaException(
                        HResult.WU_E_NO_SERVICE,
                        "there is no catalog to search: run the script"
                                + " with --catalog <catalog.json or URL>, or register one with Microsoft.Update.ServiceManager's"
                                + " AddScanPackageService and set the searcher's ServerSelection = 3 and ServiceID");
            }
            defaultSession = factory.open(defaultCatalog);
        }
        return defaultSession;
    }

    /** The session for ServerSelection/ServiceID as a searcher has them. */
    UpdateSession forSearch(int serverSelection, String serviceID) {
        if (serverSelection != SS_OTHERS) {
            return defaultSession();
        }
        Service s = serviceID == null ? null : services.get(serviceID.toLowerCase(Locale.ROOT));
        if (s == null) {
            throw new WuaException(
                    HResult.E_INVALIDARG,
                    "ServiceID '" + serviceID + "' is not a registered service;"
                            + " use the ServiceID that AddScanPackageService returned" + known());
        }
        return s.session();
    }

    /** Some session to make a downloader from when the updates do not say (empty or unset Updates), or null. */
    UpdateSession any() {
        if (defaultCatalog != null || !factory.needsCatalog()) {
            return defaultSession();
        }
        return services.isEmpty() ? null : services.values().iterator().next().session();
    }

    /** AddScanPackageService: opens the catalog now, so a bad location fails at this call. */
    Service addScanPackage(String name, String location) {
        if (location == null || location.isBlank()) {
            throw new WuaException(
                    HResult.E_INVALIDARG,
                    "AddScanPackageService needs the scan file location: a catalog.json path or an http(s) URL");
        }
        ScanFileAccess.Allowed allowed = access.check(location);
        Service s = new Service(
                name == null ? "" : name,
                UUID.randomUUID().toString(),
                location,
                allowed.fromCommandLine() ? factory.open(allowed.location()) : openQuietly(allowed.location()));
        services.put(s.serviceID(), s);
        return s;
    }

    /**
     * Opens a file the user allowed but did not name: a catalog error would quote its content (a token, a
     * value), which is the host's, not the script's, to see. Only where the problem is goes to the script.
     */
    private UpdateSession openQuietly(String location) {
        try {
            return factory.open(location);
        } catch (WuaException e) {
            if (!(e instanceof InputPosition p)) {
                throw e; // not about the file's content (a cache or network problem): its message quotes nothing
            }
            String position = p.position();
            String where = position != null ? position : "in it";
            throw new WuaException(
                    e.hresult(),
                    "the scan file " + location + " is not a catalog wudl can read" + " (the problem is " + where
                            + "); see what is wrong with: wudl search --catalog " + location,
                    null);
        }
    }

    void remove(String serviceID) {
        if (serviceID == null || services.remove(serviceID.toLowerCase(Locale.ROOT)) == null) {
            throw new WuaException(HResult.E_INVALIDARG, "ServiceID '" + serviceID + "' is not registered" + known());
        }
    }

    List<Service> services() {
        return new ArrayList<>(services.values());
    }

    private String known() {
        return services.isEmpty()
                ? " (none is registered)"
                : " (registered: " + String.join(", ", services.keySet()) + ")";
    }
}
