package io.github.wudl.script;

import io.github.wudl.wua.ClientIdentified;
import io.github.wudl.wua.HResult;
import io.github.wudl.wua.WebProxy;
import io.github.wudl.wua.WuaException;

/**
 * IUpdateSession ({@code Microsoft.Update.Session}). The backend session behind it is the run's
 * {@code --catalog} session, opened when first needed and shared by every Session object of the run; this
 * facade keeps its own ClientApplicationID, which the searchers and downloaders it creates inherit.
 * CreateUpdateInstaller is E_NOTIMPL: wudl downloads; it does not install.
 */
final class UpdateSessionFacade extends Dispatch {
    private static final Members PROXY = Members.<RecordFacade<WebProxy>>of("IWebProxy")
            .get("Address", r -> r.value().address() == null ? "" : r.value().address())
            .get("BypassList", r -> ListFacade.of(r.realm, r.value().bypassList()))
            .get("BypassProxyOnLocal", r -> r.value().bypassProxyOnLocal())
            .get("AutoDetect", r -> r.value().address() == null)
            .get("ReadOnly", r -> true)
            .build();

    private static final Members MEMBERS = Members.<UpdateSessionFacade>of("IUpdateSession")
            .prop(
                    "ClientApplicationID",
                    s -> s.clientApplicationID,
                    (s, v) -> s.clientApplicationID = ClientIdentified.orDefault(Args.toStringOrNull(v)))
            .get("ReadOnly", s -> false)
            .prop(
                    "WebProxy",
                    s -> s.webProxy != null
                            ? s.webProxy
                            : new RecordFacade<>(
                                    s.realm,
                                    PROXY,
                                    s.realm.sessions.any() == null
                                            ? WebProxy.SYSTEM
                                            : s.realm.sessions.any().webProxy()),
                    (s, v) -> s.webProxy = webProxy(v))
            .method("CreateUpdateSearcher", (s, a) -> new UpdateSearcherFacade(s.realm, s.clientApplicationID))
            .method("CreateUpdateDownloader", (s, a) -> new UpdateDownloaderFacade(s.realm, s.clientApplicationID))
            .method("CreateUpdateServiceManager", (s, a) -> new UpdateServiceManagerFacade(s.realm))
            .method("CreateUpdateInstaller", (s, a) -> {
                throw new WuaException(
                        HResult.E_NOTIMPL,
                        "wudl downloads updates but does not install them;"
                                + " install the downloaded files with the tools of the target system");
            })
            .build();

    private String clientApplicationID = ClientIdentified.DEFAULT;
    /**
     * A WebProxy the script assigned, read back as it was set. Transfers keep the JVM's proxy settings (those
     * of the command line or Jenkins), which a script cannot change.
     */
    private MachineFacades.WebProxyFacade webProxy;

    private static MachineFacades.WebProxyFacade webProxy(org.graalvm.polyglot.Value v) {
        if (v != null && v.isProxyObject() && v.asProxyObject() instanceof MachineFacades.WebProxyFacade p) {
            return p;
        }
        throw new WuaException(
                HResult.DISP_E_TYPEMISMATCH,
                "WebProxy takes an IWebProxy (new ActiveXObject('Microsoft.Update.WebProxy'))");
    }

    UpdateSessionFacade(Realm realm) {
        super(realm, MEMBERS);
    }

    static String nonNull(String s) {
        return s == null ? "" : s;
    }
}
