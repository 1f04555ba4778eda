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
 * names, and the others real scripts create (Searcher, StringColl, SystemInfo, AutoUpdate, AgentInfo,
 * WebProxy; {@link MachineFacades}), ProgIDs compared without case as COM does. Any other ProgID — {@code WScript.Shell},
 * {@code Scripting.FileSystemObject} … — is CO_E_CLASSSTRING: the sandbox offers no other object.
 */
final class ActiveXFactory implements ProxyInstantiable, ProxyExecutable {
    static final String SESSION = "Microsoft.Update.Session";
    static final String UPDATE_COLL = "Microsoft.Update.UpdateColl";
    static final String DOWNLOADER = "Microsoft.Update.Downloader";
    static final String SERVICE_MANAGER = "Microsoft.Update.ServiceManager";

    /** Every ProgID a script may create, as the refusal of any other lists them. */
    static final java.util.List<String> PROG_IDS = java.util.List.of(
            SESSION,
            UPDATE_COLL,
            DOWNLOADER,
            SERVICE_MANAGER,
            "Microsoft.Update.Searcher",
            "Microsoft.Update.StringColl",
            "Microsoft.Update.SystemInfo",
            "Microsoft.Update.AutoUpdate",
            "Microsoft.Update.AgentInfo",
            "Microsoft.Update.WebProxy");

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
            case "microsoft.update.searcher":
                return new UpdateSearcherFacade(realm, "");
            case "microsoft.update.stringcoll":
                return new StringCollectionFacade(realm, java.util.List.of());
            case "microsoft.update.systeminfo":
                return MachineFacades.systemInfo(realm);
            case "microsoft.update.autoupdate":
                return MachineFacades.autoUpdate(realm);
            case "microsoft.update.agentinfo":
                return MachineFacades.agentInfo(realm);
            case "microsoft.update.webproxy":
                return new MachineFacades.WebProxyFacade(realm);
            default:
                throw new WuaException(
                        HResult.CO_E_CLASSSTRING,
                        "'" + progId + "' is not a class wudl provides; scripts can create "
                                + String.join(", ", PROG_IDS));
        }
    }
}
