## Opportunity and tender watch, surveillance bulletin

watch-nav = Lizitazioen zaintza
watch-title = Lizitazio eta aukeren zaintza
watch-lead = Zure alerta-profilekin bat datozen lizitazio publikoak eta beste aukerak, bakoitzaren arrazoiarekin.
watch-subscription-saved = Buletinaren ezarpenak gordeta.
watch-digest-sent = Laburpena bidalita
watch-overview = Klusterraren zaintza
watch-overview-members = Profila duten bazkideak
watch-overview-profiles = Alerta-profilak
watch-overview-matches = Bat-etortzeak
watch-overview-dismissed = Garrantzirik gabe markatuak
watch-digest-now = Bidali orain aste honetako laburpena
watch-bulletin = Zaintza buletina
watch-frequency = Maiztasuna
watch-frequency-weekly = Astero
watch-frequency-daily = Egunero
watch-frequency-off = Desaktibatuta
watch-atom = Zure bat-etortzeen Atom jarioa
watch-ical = Epeen egutegia (iCalendar)
watch-filter = Erakutsi
watch-state-active = Berriak eta gordeak
watch-state-new = Berria
watch-state-saved = Gordea
watch-state-dismissed = Baztertua
watch-state-shared = Nirekin partekatuak
watch-state-all = Guztiak
watch-no-profile = Oraindik ez dago alerta-profilik: sortu bat eta ClusterHub-ek aukera guztiak harekin alderatuko ditu.
watch-profile-new = Alerta-profil berria
watch-empty = Ez dago erakusteko bat-etortzerik.
watch-score = Puntuazioa
watch-because = Zergatik:
watch-profiles-matched = Profilak:
watch-shared-by = { $name }(e)k partekatua
watch-save = Gorde
watch-dismiss = Baztertu
watch-restore = Berreskuratu
watch-verdict = Baztertzeko arrazoia
watch-verdict-not_relevant = Ez da garrantzitsua
watch-verdict-not_for_us = Ez da guretzat orain
watch-verdict-too_late = Berandu lizitatzeko
watch-verdict-too_big = Handiegia guretzat
watch-share-with = Partekatu honekin
watch-note = Oharra
watch-share = Partekatu
watch-profiles-title = Alerta-profilak
watch-profiles-lead = Zure erakundeak jakin nahi duena: CPV kodeak, eskualdeak, edozein hizkuntzatako gako-hitzak, zenbatekoa, aukera motak.
watch-profile-edit = Alerta-profila
watch-profile-default-name = Lizitazioak
watch-proposed = Zure azpisektore, gaitasun eta kokapenetik proposatutako lehen profila. Berrikusi eta gorde.
watch-field-name = Izena
watch-field-cpv = CPV kodeak
watch-field-cpv-hint = Kodeak edo aurrizkiak, zuriunez bereizita: 331k 331ez hasten diren kode guztiak hartzen ditu.
watch-field-nuts = Eskualdeak (NUTS)
watch-field-nuts-hint = NUTS kodeak edo aurrizkiak: ES2k Espainiako ipar-ekialde osoa hartzen du; hutsik, edozein lekutan.
watch-field-keywords = Gako-hitzak
watch-field-keywords-hint = Bat lerro bakoitzeko, edozein hizkuntzatan; pluralak eta azentuak ezagutzen dira.
watch-field-min_value = Gutxieneko zenbatekoa (€)
watch-field-max_value = Gehienezko zenbatekoa (€)
watch-field-kinds = Aukera motak
watch-field-innovation_only = Berrikuntzako erosketa publikoa soilik
watch-field-organisation = Bazkidea
watch-reason-cpv = CPV { $code } { $label } zure { $prefix } barruan
watch-reason-nuts = lekua { $code } { $label } zure { $prefix } barruan
watch-reason-keyword = gako-hitza: { $keyword }
watch-reason-innovation = berrikuntzako erosketa publikoa
watch-feed-title = { $cluster }: zure aukerak
watch-calendar-title = { $cluster }: epeak
watch-unsubscribe-title = Buletinetik baja eman
watch-unsubscribe-confirm = Zaintza buletina posta bidez jasotzeari utzi?
watch-unsubscribed = Eginda: ez duzu buletina gehiago jasoko. Lizitazioen zaintzan berriro aktiba dezakezu.
mail-watch-greeting = Kaixo, { $name }:
mail-watch-subject = { $cluster }: { $count ->
    [one] aukera berri bat zuretzat
   *[other] { $count } aukera berri zuretzat
}
mail-watch-new-matches = { $count ->
    [one] Bat-etortze berri bat
   *[other] { $formatted } bat-etortze berri
}
mail-watch-members-reached = { $count ->
    [one] bazkide batekin bat dator
   *[other] { $formatted } bazkiderekin bat dator
}
mail-watch-feed = Ikusi zure bat-etortze guztiak
mail-watch-footer = { $cluster } klusterraren zaintza buletina
mail-watch-unsubscribe = Baja eman
opportunities-title = Aukerak
opportunities-lead = EBko kontratazio publikoko iragarkiak (eForms) eta klusterrak argitaratu edo partekatzen dituen deialdiak, azokak, bazkide-bilaketak eta merkatu-aukerak.
opportunities-count = { $count ->
    [one] Aukera bat
   *[other] { $formatted } aukera
}
opportunities-import = Inportatu iragarkiak edo jario bat
opportunities-import-file = Fitxategia
opportunities-import-hint = eForms iragarki bat (XML), eguneko pakete bat (.tar.gz edo .zip) edo RSS/Atom jario bat.
opportunities-feed-kind = Jarioko sarreren mota
opportunities-import-report = Inportazioa
opportunities-created = Berriak:
opportunities-updated = Eguneratuak:
opportunities-unchanged = Aldaketarik gabe:
opportunities-rejected = Baztertuak:
action-import = Inportatu
opportunity-new = Aukera berria
opportunity-kind = Mota
opportunity-kind-planning = Aurretiko informazioa
opportunity-kind-tender = Lizitazioa
opportunity-kind-award = Esleipena
opportunity-kind-call = Deialdia
opportunity-kind-fair = Azoka
opportunity-kind-partner_search = Bazkide-bilaketa
opportunity-kind-market = Merkatu-aukera
opportunity-origin = Jatorria
opportunity-origin-eforms = EBko kontratazioa (eForms)
opportunity-origin-cluster = Kluster honena
opportunity-origin-shared = Beste klusterrek partekatuak
opportunity-open-only = Irekiak soilik
opportunity-title = Izenburua
opportunity-details = Xehetasunak
opportunity-published = Argitaratua
opportunity-shared = Beste klusterrekin partekatua
opportunity-deadline = Epea
opportunity-buyer = Erosle
opportunity-procedure = Prozedura
opportunity-innovation = Berrikuntzako erosketa publikoa
opportunity-link = Esteka
opportunity-lots = Loteak
opportunity-lot = Lotea
opportunity-value = Zenbatekoa
opportunity-winners = Esleipenduna
opportunity-notice-id = Iragarkia
opportunity-subtype = azpimota
opportunity-field-kind = Mota
opportunity-field-title = Izenburua
opportunity-field-summary = Laburpena
opportunity-field-buyer = Antolatzailea edo eroslea
opportunity-field-cpv = CPV kodeak
opportunity-field-nuts = Eskualdeak (NUTS)
opportunity-field-deadline = Epea
opportunity-field-url = Esteka
bulletins-title = Klusterraren buletinak
bulletins-lead = Buletin editatua: zure berriak goian, eta ondoren bazkide-segmentu bakoitzeko bat-etortze onenak.
bulletin-new = Buletin berria
bulletin-status-draft = Zirriborroa
bulletin-status-sent = Bidalia
bulletin-field-title = Izenburua
bulletin-field-intro = Sarrera
bulletin-field-items = Berriak
bulletin-field-items-hint = Berri bat bloke bakoitzeko, lerro huts batez bereizita: izenburua lehen lerroan, gero testua eta aukerako esteka bat.
bulletin-send = Bidali bazkide guztiei
bulletin-send-hint = Buletina desaktibatu ez duen bazkide-erabiltzaile orori iristen zaio. Bi aldiz bidaltzeak ez du ezer bikoizten.
bulletin-sent-count = { $count ->
    [one] Pertsona bati bidalia
   *[other] { $formatted } pertsonari bidalia
}
bulletin-field-items-title = Berriak
invalid-unknown_cpv = Ez da CPV 2008 zerrendako kode edo aurrizkirik
invalid-unknown_nuts = Ez da NUTS 2021 eskualde edo herrialde koderik
invalid-topic_required = Eman gutxienez CPV kode bat edo gako-hitz bat: eskualdeek eta zenbatekoek bakarrik dena hartuko lukete
invalid-below_minimum = Gutxienekoa baino txikiagoa
invalid-no_word = Ez du letrarik edo zifrarik
invalid-unknown_kind = Ez da aukera mota bat
invalid-not_a_colleague = Ez da zure erakundeko erabiltzailea kluster honetan
invalid-one_link_per_item = Esteka bat berri bakoitzeko (berriaren zenbakia)
invalid-bad_feed = Ez da RSS edo Atom jario irakurgarria
invalid-unreadable = Ezin da irakurri
invalid-unknown_origin = Ez da aukeren jatorri bat
