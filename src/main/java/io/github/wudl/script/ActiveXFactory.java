package io.github.wudl.script;

import io.github.wudl.wua.HResult;
import io.github.wudl.wua.UpdateCollection;
import io.github.wudl.wua.WuaException;
import java.util.Locale;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.proxy.ProxyExecutable;
import org.graalvm.polyglot.proxy.ProxyInstantiable;

/**
 * {@code new ActiveXObject(progId)} and {@code WScript.CreateObject(progId)}: the four WUA classes SPEC §5
 * names, ProgIDs compared without case as COM does. Any other ProgID — {@code WScript.Shell},
 * {@code Scripting.FileSystemObject} … — is CO_E_CLASSSTRING: the sandbox offers no other object.
 */
final class ActiveXFactory implements ProxyInstantiable, ProxyExecutable {
    static final String SESSION = "Microsoft.Update.Session";
    static final String UPDATE_COLL = "Microsoft.Update.UpdateColl";
    static final String DOWNLOADER = "Microsoft.Update.Downloader";
    static final String SERVICE_MANAGER = "Microsoft.Update.ServiceManager";

    private final Realm realm;

    ActiveXFactory(Realm realm) {
        this.realm = realm;
    }

    @Override
    public Object newInstance(Value... arguments) {
        return realm.call(() -> create(Args.at(arguments, 0)));
    }

    @Override
    public Object execute(Value... arguments) {
        return newInstance(arguments); // JScript needs new, but calling it plainly does no harm
    }

    Object create(Value progIdValue) {
        String progId = Args.toStringOrNull(progIdValue);
        switch (progId == null ? "" : progId.trim().toLowerCase(Locale.ROOT)) {
            case "microsoft.update.session":
                return new UpdateSessionFacade(realm);
            case "microsoft.update.updatecoll":
                return UpdateCollectionFacade.of(realm, new UpdateCollection());
            case "microsoft.update.downloader":
                return new UpdateDownloaderFacade(realm, "");
            case "microsoft.update.servicemanager":
                return new UpdateServiceManagerFacade(realm);
            default:
                throw new WuaException(
                        HResult.CO_E_CLASSSTRING,
                        "'" + progId + "' is not a class wudl provides;"
                                + " scripts can create " + SESSION + ", " + UPDATE_COLL + ", " + DOWNLOADER + " and "
                                + SERVICE_MANAGER);
        }
    }
}
