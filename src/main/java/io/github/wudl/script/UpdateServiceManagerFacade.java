package io.github.wudl.script;

import io.github.wudl.wua.ClientIdentified;

/**
 * IUpdateServiceManager ({@code Microsoft.Update.ServiceManager}), for offline scan packages:
 * {@code AddScanPackageService(name, catalog)} registers a wudl catalog (file path or http(s) URL, opened at
 * once) and returns IUpdateService with a new ServiceID; a searcher with {@code ServerSelection = 3} and that
 * {@code ServiceID} searches it. Registrations last for the run and are shared by every ServiceManager of it.
 */
final class UpdateServiceManagerFacade extends Dispatch {
    private static final Members SERVICE = Members.<RecordFacade<Sessions.Service>>of("IUpdateService")
            .get("Name", r -> r.value().name())
            .get("ServiceID", r -> r.value().serviceID())
            .get("ServiceUrl", r -> r.value().location())
            .get("IsScanPackageService", r -> true)
            .get("IsManaged", r -> false)
            .get("IsRegisteredWithAU", r -> false)
            .get("IsDefaultAUService", r -> false)
            .get("CanRegisterWithAU", r -> false)
            .get("OffersWindowsUpdates", r -> false)
            .hiddenMethod("toString", (r, a) -> r.value().name())
            .build();

    private static final Members MEMBERS = Members.<UpdateServiceManagerFacade>of("IUpdateServiceManager")
            .prop(
                    "ClientApplicationID",
                    m -> m.clientApplicationID,
                    (m, v) -> m.clientApplicationID = ClientIdentified.orDefault(Args.toStringOrNull(v)))
            .get(
                    "Services",
                    m -> ListFacade.of(
                            m.realm,
                            m.realm.sessions.services().stream()
                                    .map(s -> new RecordFacade<>(m.realm, SERVICE, s))
                                    .toList()))
            .method(
                    "AddScanPackageService",
                    (m, a) -> new RecordFacade<>(
                            m.realm,
                            SERVICE,
                            m.realm.sessions.addScanPackage(
                                    Args.toStringOrNull(Args.at(a, 0)), Args.toStringOrNull(Args.at(a, 1)))))
            .method("RemoveService", (m, a) -> {
                m.realm.sessions.remove(Args.toStringOrNull(Args.at(a, 0)));
                return null;
            })
            .build();

    private String clientApplicationID = ClientIdentified.DEFAULT;

    UpdateServiceManagerFacade(Realm realm) {
        super(realm, MEMBERS);
    }
}
