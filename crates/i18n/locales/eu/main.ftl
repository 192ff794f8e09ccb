# ClusterHub — euskarazko katalogoa. Gakoak hizkuntza guztietan berberak dira; bat falta bada, test batek huts egiten du.

## Nabigazioa eta markoa
nav-skip = Joan edukira
nav-cluster = Klusterraren atalak
nav-directory = Direktorioa
nav-groups = Gobernu-organoak
nav-people = Pertsonak
nav-applications = Eskaerak
nav-audit = Auditoria-erregistroa
nav-import = Inportatu
nav-apply = Eskatu bazkidetza
nav-language = Hizkuntza
nav-login = Hasi saioa
nav-logout = Amaitu saioa
footer-tagline = industria-klusterren kudeaketa-plataforma
home-title = Klusterrak
home-lead = Plataforma honetan ostatatutako klusterren bazkideak, gobernantza eta zerbitzuak.
text-fallback = Oraindik itzuli gabe; jatorrizko hizkuntzan erakusten da
lang-es = Gaztelania
lang-eu = Euskara
lang-en = Ingelesa
lang-fr = Frantsesa

## Ekintzak
action-change = Aldatu
action-edit = Editatu profila
action-save = Gorde
action-cancel = Utzi
action-home = Itzuli hasierako orrira
action-approve = Onartu
action-reject = Ezetsi
action-revoke = Baliogabetu

## Saioa eta kontua
login-title = Hasi saioa
login-submit = Sartu
login-failed = Helbide elektronikoa edo pasahitza ez da zuzena.
login-rate-limited = Huts egindako saiakera gehiegi. Saiatu berriro 15 minutu barru.
account-title = Zure kontua
account-tokens = API tokenak
account-token-create = Sortu tokena
account-token-once = Kopiatu token hau orain; ez da berriro erakutsiko:

## Aginte-panela
dashboard-figures = Datu nagusiak
dashboard-recent = Azken jarduera

## Direktorioa eta erakundeak
directory-title = Erakundeen direktorioa
directory-count = { $count ->
    [one] erakunde 1
   *[other] { $formatted } erakunde
}
filter-search = Bilatu
filter-all = Guztiak
filter-sort = Ordenatzeko irizpidea
filter-apply = Aplikatu iragazkiak
sort-name = Izena (A–Z)
sort--name = Izena (Z–A)
sort-since = Bazkidetza-data (zaharrenak lehenengo)
sort--since = Bazkidetza-data (berrienak lehenengo)
sort-territory = Lurraldea
pager-label = Orriak
pager-prev = Aurrekoa
pager-next = Hurrengoa
org-profile = Profila
org-membership = Bazkidetza
org-other-clusters = Beste kluster hauetako bazkidea ere bada
org-representatives = Ordezkariak
org-edit-title = Editatu: { $name }
org-new-title = Erakunde bazkide berria
org-merge = Bateratu bikoiztua erakunde honekin
org-merge-label = Erakunde bikoiztuaren zenbakia
typology-vote = boto-eskubidearekin
form-has-errors = Zuzendu behean markatutako eremuak.

## Eremuak
field-name = Izena
field-legal-id = IFZ edo identifikazio fiskala
field-entity-type = Erakunde mota
field-size = Tamaina
field-territory = Lurraldea (NUTS)
field-city = Herria
field-country = Herrialdea
field-website = Webgunea
field-email = Helbide elektronikoa
field-phone = Telefonoa
field-description = Deskribapena
field-typology = Tipologia
field-subsector = Azpisektorea
field-subsectors = Azpisektoreak
field-value-chains = Balio-kateak
field-status = Egoera
field-since = Bazkide noiztik
field-until = Amaiera
field-reason = Arrazoia
field-notes = Barne-oharrak
field-fee-class = Kuota-mota
field-password = Pasahitza
field-first-name = Izena
field-last-name = Abizenak
field-job-title = Lanpostua
field-organisation = Erakundea
field-message = Mezua
field-applied = Eskaera-data
field-created = Sortze-data
field-role = Kargua
field-term = Agintaldia
field-title = Izenburua
field-starts-at = Hasiera
field-location = Tokia
field-agenda = Gai-zerrenda
field-minutes = Akta

## Hiztegiak
entity-type-company = Enpresa
entity-type-research_centre = Ikerketa-zentroa
entity-type-technology_centre = Zentro teknologikoa
entity-type-hospital = Ospitalea
entity-type-university = Unibertsitatea
entity-type-public_body = Erakunde publikoa
entity-type-association = Elkartea
entity-type-investor = Inbertsorea
org-size-micro = Mikroa
org-size-small = Txikia
org-size-medium = Ertaina
org-size-large = Handia
membership-status-applicant = Eskatzailea
membership-status-active = Aktiboa
membership-status-suspended = Etenda
membership-status-withdrawn = Baja emanda
group-kind-board = Zuzendaritza batzordea
group-kind-assembly = Batzar nagusia
group-kind-committee = Batzorde iraunkorra
group-kind-working_group = Lan taldea
group-role-chair = Lehendakaria
group-role-vice_chair = Lehendakariordea
group-role-secretary = Idazkaria
group-role-member = Kidea
attendance-present = Bertan
attendance-excused = Ez da etorri (justifikatuta)
attendance-absent = Ez da etorri
representative-kind-primary = Ordezkari nagusia
representative-kind-alternate = Ordezkoa
entity-organisation = erakundea
entity-membership = bazkidetza
entity-person = pertsona
entity-affiliation = lotura
entity-meeting = bilera
audit-action-create = Sorrera
audit-action-update = Eguneratzea
audit-action-status = Egoera-aldaketa:
audit-action-merge = Bateratzea
audit-action-minutes = Akta erregistratua:

## Eskaerak
applications-title = Bazkidetza-eskaerak
applications-none = Ez dago zain dagoen eskaerarik.
applications-decision = Erabakia
apply-title = Bazkidetza-eskaera: { $name }
apply-lead = Azaldu zure erakundearen berri. Klusterreko langileek eta zuzendaritza batzordeak eskaera guztiak aztertzen dituzte.
apply-organisation = Zure erakundea
apply-contact = Harremanetarako pertsona
apply-submit = Bidali eskaera
apply-done = Eskerrik asko. Zure eskaera jaso dugu, eta aztertu egingo dugu.

## Pertsonak
people-count = { $count ->
    [one] pertsona 1
   *[other] { $formatted } pertsona
}

## Gobernantza
group-members = Kideak
group-meetings = Bilerak
group-member-count = { $count ->
    [one] kide 1
   *[other] { $formatted } kide
}
meeting-new = Deitu bilera bat
meeting-attendance = Bertaratzea
meeting-present = { $count ->
    [one] Bertaratuak: 1
   *[other] Bertaratuak: { $formatted }
}

## Auditoria
audit-when = Noiz
audit-who = Nork
audit-what = Zer
audit-changes = Aldaketak

## Inportazioa
import-title = Inportatu CSV fitxategi batetik
import-lead = Igo kalkulu-orri batetik edo beste CRM batetik esportatutako CSV fitxategi bat. Ezer gorde aurretik zutabeak egiaztatuko dituzu; errenkadaren bat okerra bada, ez da ezer inportatuko.
import-kind = Fitxategiaren edukia
import-organisations = Erakundeak
import-people = Pertsonak
import-file = CSV fitxategia
import-preview = Aurrebista
import-mapping = Zutabeen esleipena
import-column = Fitxategiko zutabea
import-target = Eremua
import-sample = Lehen balioak
import-ignore = (baztertu)
import-start = Inportatu
import-running = Inportatzen…
import-line = Lerroa
import-failed = Ez da ezer inportatu. Zuzendu errenkada hauek eta saiatu berriro:
import-done = { $count ->
    [one] Errenkada 1 inportatu da.
   *[other] { $formatted } errenkada inportatu dira.
}
import-orgs-created = Sortutako erakundeak: { $formatted }
import-orgs-matched = Lehendik zeuden erakundeak: { $formatted }
import-memberships-created = Sortutako bazkidetzak: { $formatted }
import-people-created = Sortutako pertsonak: { $formatted }
import-people-matched = Lehendik zeuden pertsonak: { $formatted }
import-field-name = Izena
import-field-legal_id = IFZ edo identifikazio fiskala
import-field-entity_type = Erakunde mota
import-field-size = Tamaina
import-field-territory = Lurraldea (NUTS)
import-field-country = Herrialdea
import-field-city = Herria
import-field-website = Webgunea
import-field-email = Helbide elektronikoa
import-field-phone = Telefonoa
import-field-description_es = Deskribapena (gaztelania)
import-field-description_eu = Deskribapena (euskara)
import-field-description_en = Deskribapena (ingelesa)
import-field-description_fr = Deskribapena (frantsesa)
import-field-typology = Tipologia
import-field-subsectors = Azpisektoreak
import-field-status = Egoera
import-field-first_name = Izena
import-field-last_name = Abizenak
import-field-job_title = Lanpostua
import-field-birth_date = Jaiotze-data
import-field-organisation = Erakundea

## Erroreak
error-not_found = Ez da aurkitu
error-not_found-help = Orri hau ez dago, edo ez duzu ikusteko baimenik.
error-unauthorized = Saioa hasi behar da
error-unauthorized-help = Hasi saioa orri hau ikusteko.
error-forbidden = Ez dago baimenduta
error-forbidden-help = Zure kontuak ez du klusterraren atal honetarako sarbiderik.
error-validation = Datu batzuk ez dira baliozkoak
error-validation-help = Zuzendu behean zerrendatutako eremuak eta saiatu berriro.
error-conflict = Gatazka
error-conflict-help = Aldaketak talka egiten du lehendik dauden datuekin.
error-rate_limited = Saiakera gehiegi
error-rate_limited-help = Itxaron minutu batzuk eta saiatu berriro.
error-csrf = Formularioa iraungi da
error-csrf-help = Kargatu berriro orria eta bidali berriz formularioa.
error-internal = Zerbait gaizki atera da
error-internal-help = Errorea erregistratu da. Saiatu berriro geroago.

## Balidazio-mezuak (kodearen arabera)
invalid-required = Eremu hau derrigorrezkoa da
invalid-too_long = Luzeegia (gehieneko karaktere kopurua)
invalid-invalid_characters = Baimenduta ez dauden karaktereak ditu
invalid-invalid_email = Helbide elektronikoa ez da baliozkoa
invalid-invalid_legal_id = IFZ edo identifikazio fiskala ez da baliozkoa
invalid-invalid_url = Web helbidea ez da baliozkoa (adibidez, https://example.org)
invalid-invalid_nuts = NUTS kodea ez da baliozkoa (adibidez, ES212)
invalid-invalid_phone = Telefono zenbakia ez da baliozkoa
invalid-invalid_slug = Erabili letra xeheak, zenbakiak eta marratxoak
invalid-invalid_date = Data ez da baliozkoa (erabili UUUU-HH-EE formatua)
invalid-invalid_datetime = Data eta ordua ez dira baliozkoak
invalid-unknown_value = Ez da onartutako balioetako bat
invalid-unknown_country = Herrialde ezezaguna
invalid-unknown_field = Eremu ezezaguna
invalid-duplicate_legal_id = Beste erakunde batek badu dagoeneko identifikazio fiskal hori
invalid-duplicate_in_file = Bi aldiz agertzen da fitxategian (lehen aldiz, lerro honetan)
invalid-already_member = Dagoeneko kluster honetako bazkidea da
invalid-invalid_transition = Ezin da egoera-aldaketa hori egin
invalid-column_missing = Fitxategiak ez du eremu honetarako zutaberik
invalid-mapping_mismatch = Zutabeen esleipena ez dator bat fitxategiarekin
invalid-invalid_csv = Fitxategia ez da baliozko CSV bat
invalid-invalid_upload = Ezin izan da igotako fitxategia irakurri
invalid-invalid_json = Eskaeraren gorputza ez da baliozko JSON bat
invalid-invalid_number = Ez da zenbaki bat
invalid-not_found = Ez da aurkitu
invalid-same_organisation = Erakunde bat ezin da bere buruarekin bateratu
invalid-not_in_group = Pertsona hau ez dago taldean

## People and group seats
action-edit-person = Pertsona editatu
person-new-title = Pertsona bat gehitu
action-remove = Kendu
action-add = Gehitu
group-add-member = Kide bat gehitu
field-term-start = Agintaldiaren hasiera
field-term-end = Agintaldiaren amaiera
invalid-before_start = Hasi baino lehen amaitzen da
audit-action-seat = Postua esleitua:
audit-action-unseat = Postua kendua:
entity-group = taldea
dashboard-members-by-status = Bazkideak egoeraren arabera; zifra bakoitzak bere zerrenda irekitzen du.
org-appoint = Ordezkaria izendatu
invalid-not_in_organisation = Pertsona hau ez da erakundean ari
audit-action-representative = Ordezkaria izendatua:
audit-action-remove = Kendua
entity-representative = ordezkaria

## Users
nav-users = Erabiltzaileak
users-title = Erabiltzaileak eta rolak
users-grant = Norbaiti rol bat eman
users-grant-help = Lehendik dagoen kontu batek bere pasahitza gordetzen du; berri batek beheko hasierako pasahitza jasotzen du (gutxienez 10 karaktere).
users-acts-for = Honen izenean (bazkide erabiltzaileak)
users-initial-password = Kontu berriaren hasierako pasahitza
role-staff = Talde teknikoa
role-board = Zuzendaritza
role-member = Bazkide erabiltzailea
role-partner = Kanpoko laguntzailea
invalid-too_short = Laburregia
invalid-cannot_revoke_self = Ezin duzu zure rola kendu
audit-action-role = Rola emana:
audit-action-revoke = Rola kendua:
entity-user = erabiltzailea

## Governance bodies
group-new = Organo berria
group-kind = Mota
group-code = Kode laburra
group-name-es = Izena (gaztelaniaz)
group-name-eu = Izena (euskaraz)
group-name-en = Izena (ingelesez)
group-name-fr = Izena (frantsesez)
invalid-taken = Dagoeneko erabilita
