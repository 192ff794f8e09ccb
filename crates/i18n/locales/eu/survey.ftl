## Member survey and e-mail

survey-nav = Inkesta
survey-title = Bazkideen inkesta
survey-lead = Urtero, klusterrak bere bazkideei zifrak eta iritzia eskatzen dizkie. Erantzunak klusterrarentzat baino ez dira, eta planaren adierazleak elikatzen dituzte.
survey-campaigns = Inkestaren kanpainak
survey-none = Oraindik ez dago kanpainarik.
survey-year = Zifren urtea
survey-dates = Epea
survey-status = Egoera
survey-status-open = Irekita
survey-status-upcoming = Oraindik ireki gabe
survey-status-ended = Epea amaituta
survey-status-closed = Itxita
survey-responses = Erantzunak
survey-your-answer = Zuen erantzuna
survey-answered = Erantzunda
survey-not-answered = Erantzun gabe
survey-progress-label = { $members } bazkidetatik { $answered }k erantzun dute
survey-new = Kanpaina bat ireki
survey-new-hint = Bazkideek adierazitako urteko zifrekin erantzuten dute, bi daten artean.
survey-opens-on = Irekiera data
survey-closes-on = Itxiera data
survey-open = Kanpaina ireki
survey-campaign-title = Bazkideen inkesta { $year }
survey-progress = Nork erantzun duen
survey-member = Bazkidea
survey-answer = Erantzuna
survey-reminders = Bidalitako oroigarriak
survey-last-reminder = Azken oroigarria
survey-send-reminders = { $count ->
    [0] Ez dago inori gogorarazteko
    [one] Oroigarri bat bidali
   *[other] { $formatted } oroigarri bidali
}
survey-send-reminders-hint = Mezu elektroniko bat erantzun ez duten bazkideen erabiltzaile bakoitzari, bere hizkuntzan.
survey-reminders-sent = { $count ->
    [0] Ez da oroigarririk bidali: ez dago erantzuteko zain dagoen bazkide-erabiltzailerik.
    [one] Oroigarri bat bidali da.
   *[other] { $formatted } oroigarri bidali dira.
}
survey-reminders-failed = { $count ->
    [one] Oroigarri bat ezin izan da bidali: ikusi zerbitzariaren erregistroa.
   *[other] { $formatted } oroigarri ezin izan dira bidali: ikusi zerbitzariaren erregistroa.
}
survey-mail-disabled = Zerbitzari honetan posta elektronikoa desgaituta dago (ez dago SMTP erreleborik konfiguratuta): ezin da oroigarririk bidali.
survey-close = Kanpaina itxi
survey-back = Inkestara itzuli
survey-saved = Erantzuna gorde da. Kanpaina irekita dagoen bitartean zuzendu daiteke.
survey-intro = Erantzun zuen erakundearen izenean, eskatutako urteko zifrekin. Eremu guztiak aukerakoak dira; idatzi zenbakiak ohi bezala (adibidez 1.234,5).
survey-characterisation = Zuen erakundea zifratan
survey-opinion = Zuen iritzia
survey-field-employment = Langileak (lanaldi osoaren baliokidea)
survey-field-revenue = Fakturazioa
survey-field-exports = Esportazioak
survey-field-rd_investment = I+G inbertsioa
survey-field-new_funding = Lortutako finantzaketa berria
survey-field-satisfaction = Klusterrarekiko gogobetetasuna
survey-field-needs = Zer behar du zuen erakundeak klusterretik?
survey-field-comment = Beste iruzkin batzuk
survey-hint-employment = Urteko batez bestekoa, adibidez 12,5.
survey-hint-money = Eurotan, urte osoari dagokiona.
survey-hint-satisfaction = 0tik (batere gogobeteta ez) 10era (guztiz gogobeteta).
survey-private = Klusterreko langileek eta zuzendaritza batzordeak baino ez dituzte ikusten zuen erantzunak; planaren adierazleek guztizkoetan eta batez bestekoetan erabiltzen dituzte.
survey-submit = Erantzuna gorde
survey-no-answer = Oraindik ez dago erantzunik.
survey-not-given = Adierazi gabe
survey-invalid-negative = Ezin da negatiboa izan
survey-invalid-out_of_range = 0 eta 10 artean egon behar du
survey-invalid-not_a_number = Ez da zenbaki bat
survey-invalid-invalid_year = Urte baliogabea
survey-invalid-duplicate = Badago kanpaina bat urte honetarako
survey-invalid-closed = Kanpaina itxita dago: erantzunak ezin dira aldatu
survey-invalid-end_before_start = Ireki baino lehen ixten da
survey-invalid-not_open = Kanpaina ez dago irekita: bazkideek erantzun dezaketen bitartean baino ez dira bidaltzen oroigarriak

mail-survey-subject = { $cluster }: bazkideen inkesta { $year }
mail-survey-greeting = Kaixo, { $name }:
mail-survey-body = { $organisation } erakundeak ez du oraindik erantzun { $cluster } klusterraren { $year }. urteko bazkideen inkesta. Minutu batzuk baino ez dira, eta epea { $closes } amaitzen da.
mail-survey-action = Inkesta erantzun
mail-survey-signature = { $cluster }
