"""Invented text material for the synthetic release.

Every phrase, name, handle and domain here is made up for the generator; none
is taken from real accounts. Phrases are grouped by theme and language so that
the planted themes are recoverable, while openers, closers and popular
hashtags are shared across themes so that recovering them is not trivial.
"""

from __future__ import annotations

THEMES: tuple[str, ...] = (
    "sanctions_economy",
    "sovereignty_coup",
    "revolution_legacy",
    "military_border",
    "humanitarian_aid",
    "everyday_life",
)

PHRASES: dict[str, dict[str, list[str]]] = {
    "sanctions_economy": {
        "es": [
            "el bloqueo financiero golpea la economía venezolana",
            "las sanciones ilegales impiden importar medicinas y alimentos",
            "la guerra económica dispara los precios en los mercados",
            "PDVSA denuncia el robo de sus activos petroleros en el exterior",
            "el petro y la nueva moneda frenan la especulación cambiaria",
            "los bancos extranjeros congelan fondos del Estado venezolano",
            "productores nacionales aumentan la siembra pese a las sanciones",
            "el dólar paralelo es un arma contra el salario de los trabajadores",
            "la exportación de crudo crece a pesar del cerco financiero",
            "las sanciones castigan a las familias y no a los gobiernos",
        ],
        "en": [
            "the financial blockade is strangling the venezuelan economy",
            "illegal sanctions stop imports of medicine and food",
            "economic warfare is driving prices up across the country",
            "oil revenues frozen abroad hurt ordinary families",
            "the new currency aims to stop exchange rate speculation",
            "foreign banks freeze state funds under sanctions pressure",
            "local farmers expand harvests despite the sanctions",
            "the black market dollar is a weapon against wages",
            "crude exports grow despite the financial siege",
            "sanctions punish families not governments",
        ],
    },
    "sovereignty_coup": {
        "es": [
            "el autoproclamado no tiene ningún voto del pueblo",
            "rechazamos el golpe de Estado dirigido desde Washington",
            "la injerencia extranjera viola la soberanía nacional",
            "la constitución no permite un presidente interino inventado",
            "el usurpador responde a intereses imperiales",
            "Venezuela se respeta y no acepta ultimátum de nadie",
            "la comunidad internacional reconoce la soberanía venezolana",
            "el intento de golpe fracasará ante la unión del pueblo",
            "ninguna potencia extranjera elige nuestro gobierno",
            "el parlamento en desacato no puede juramentar a nadie",
        ],
        "en": [
            "the self proclaimed president has no votes behind him",
            "we reject the coup attempt directed from washington",
            "foreign interference violates venezuelan sovereignty",
            "the constitution does not allow an invented interim president",
            "regime change is the real goal of this operation",
            "venezuela will not accept ultimatums from anyone",
            "the international community must respect sovereignty",
            "this coup attempt will fail against a united people",
            "no foreign power chooses our government",
            "recognition by washington does not make a president",
        ],
    },
    "revolution_legacy": {
        "es": [
            "el legado del comandante sigue vivo en cada barrio",
            "la revolución bolivariana garantiza vivienda digna",
            "patria socialista y leal hasta la victoria siempre",
            "los consejos comunales construyen el poder popular",
            "chávez nos enseñó a defender la independencia",
            "la misión vivienda entregó nuevos hogares esta semana",
            "el pueblo organizado es invencible en revolución",
            "juventud socialista movilizada en todo el territorio",
            "seguimos la ruta trazada por el gigante bolivariano",
            "la lealtad al proyecto bolivariano es nuestra fuerza",
        ],
        "en": [
            "the bolivarian revolution guarantees decent housing",
            "the legacy of the commander lives in every neighborhood",
            "communal councils are building popular power",
            "chavez taught us to defend our independence",
            "the housing mission delivered new homes this week",
            "an organized people is unbeatable",
            "socialist youth mobilized across the whole country",
            "we follow the path of the bolivarian project",
            "loyalty to the revolution is our strength",
            "grassroots movements defend social programs",
        ],
    },
    "military_border": {
        "es": [
            "la FANB despliega ejercicios de defensa en la frontera",
            "soldados custodian el territorio ante amenazas paramilitares",
            "desmantelan campamento de grupos irregulares en el Zulia",
            "la fuerza armada bolivariana ratifica su lealtad constitucional",
            "la milicia nacional se prepara para defender la patria",
            "refuerzan la vigilancia en los pasos fronterizos con Colombia",
            "capturan mercenarios que planificaban atentados",
            "maniobras cívico militares en todo el país este fin de semana",
            "la frontera está blindada contra el contrabando",
            "la unión cívico militar garantiza la paz",
        ],
        "en": [
            "armed forces hold defense drills along the border",
            "troops guard the territory against paramilitary threats",
            "security forces dismantle an irregular armed camp",
            "the military reaffirms its constitutional loyalty",
            "the national militia trains to defend the country",
            "border crossings with colombia under reinforced patrols",
            "mercenaries planning attacks were captured",
            "civic military exercises planned nationwide this weekend",
            "the border is sealed against smuggling",
            "military leaders pledge to keep the peace",
        ],
    },
    "humanitarian_aid": {
        "es": [
            "la supuesta ayuda humanitaria es un caballo de Troya",
            "el show del puente de Cúcuta busca una excusa para intervenir",
            "Venezuela no es mendiga y rechaza la falsa ayuda",
            "los camiones de ayuda esconden una operación militar",
            "la ONU distribuye asistencia sin condiciones políticas",
            "el concierto en la frontera es propaganda de guerra",
            "la verdadera ayuda es levantar el bloqueo",
            "cargamentos de medicinas llegan por acuerdos con aliados",
            "usan el hambre como arma para justificar la invasión",
            "la ayuda humanitaria no se impone con amenazas",
        ],
        "en": [
            "the so called humanitarian aid is a trojan horse",
            "the border bridge show is a pretext for intervention",
            "aid trucks are a cover for a military operation",
            "real aid would mean lifting the blockade",
            "the un delivers assistance without political strings",
            "the border concert is war propaganda",
            "medicine shipments arrive through allied agreements",
            "hunger is being used as a weapon to justify invasion",
            "humanitarian aid cannot be imposed with threats",
            "venezuela rejects aid used as a political weapon",
        ],
    },
    "everyday_life": {
        "es": [
            "gran juego de béisbol esta noche en el estadio universitario",
            "festival de música llanera en la plaza Bolívar",
            "jornada de vacunación gratuita en los centros de salud",
            "las bolsas CLAP llegan a las comunidades esta semana",
            "arranca la temporada de la liga venezolana de béisbol",
            "feria del libro con actividades para toda la familia",
            "nuevo parque recreativo abre sus puertas en Caracas",
            "receta de arepas para compartir este domingo",
            "clases de cuatro y danza en la casa de la cultura",
            "operativo de limpieza en las playas del litoral",
        ],
        "en": [
            "great baseball game tonight at the university stadium",
            "folk music festival in the main square this weekend",
            "free vaccination day at community health centers",
            "food boxes reach neighborhoods this week",
            "the winter baseball league season starts today",
            "book fair with activities for the whole family",
            "a new public park opens in the capital",
            "sunday recipe for arepas to share with friends",
            "music and dance lessons at the cultural center",
            "beach cleanup along the coast this saturday",
        ],
    },
}

# One tag per theme appears in both languages, as campaign hashtags did.
THEME_HASHTAGS: dict[str, dict[str, list[str]]] = {
    "sanctions_economy": {"es": ["BloqueoCriminal", "GuerraEconomica", "NoMasSanciones", "Petro"],
                          "en": ["Sanctions", "EconomicWar", "HandsOffVenezuela", "Oil", "NoMasSanciones"]},
    "sovereignty_coup": {"es": ["NoAlGolpe", "Soberania", "Autoproclamado", "TrumpHandsOffVenezuela", "HandsOffVenezuela"],
                         "en": ["NoCoup", "Sovereignty", "RegimeChange", "HandsOffVenezuela"]},
    "revolution_legacy": {"es": ["ChavezVive", "PatriaSocialista", "Revolucion", "PoderPopular"],
                          "en": ["ChavezLives", "BolivarianRevolution", "Socialism", "PopularPower", "ChavezVive"]},
    "military_border": {"es": ["FANB", "Frontera", "UnionCivicoMilitar", "Milicia"],
                        "en": ["Military", "Border", "Colombia", "Security", "FANB"]},
    "humanitarian_aid": {"es": ["AyudaHumanitaria", "ShowDeCucuta", "CaballoDeTroya", "VenezuelaNoEsMendiga"],
                         "en": ["HumanitarianAid", "TrojanHorse", "BorderBridge", "NoIntervention", "AyudaHumanitaria"]},
    "everyday_life": {"es": ["Beisbol", "Cultura", "Salud", "CLAP"],
                      "en": ["Baseball", "Culture", "Health", "Community", "CLAP"]},
}

# Hashtags everyone uses, whatever the theme: chance overlap between accounts.
POPULAR_HASHTAGS: dict[str, list[str]] = {
    "es": ["Venezuela", "Caracas", "Maduro", "VenezuelaUnida", "Noticias", "LoUltimo"],
    "en": ["Venezuela", "Caracas", "Maduro", "News", "LatinAmerica", "Breaking"],
}

OPENERS: dict[str, list[str]] = {
    "es": ["", "", "", "Atención:", "Hoy", "Lo que no dicen los medios:", "Compartan:", "Urgente:",
           "Importante:", "Así lo denuncian:", "¡Mira esto!", "Según fuentes oficiales,"],
    "en": ["", "", "", "Breaking:", "Today", "What the media won't tell you:", "Share this:",
           "Must read:", "Important:", "Reports confirm", "Look at this!", "Officials say"],
}
CLOSERS: dict[str, list[str]] = {
    "es": ["", "", "", "", "👇", "🇻🇪", "💪🇻🇪", "!!", "...", "#Venezuela 🇻🇪", "¡Venceremos!", "(vídeo)"],
    "en": ["", "", "", "", "👇", "🇻🇪", "!!", "...", "(video)", "Read more", "RT if you agree", "🔥"],
}
# Words swapped in near-duplicate texts.
NEAR_DUP_SWAPS: dict[str, list[str]] = {
    "es": ["hoy", "ahora", "ya", "otra vez", "de nuevo", "siempre", "ante todo", "sin duda"],
    "en": ["today", "now", "again", "once more", "always", "clearly", "indeed", "right now"],
}

POPULAR_DOMAINS: list[str] = [
    "youtube.com", "facebook.com", "instagram.com", "ultimas-noticias-ve.example",
    "telesur-ejemplo.example", "vtv-ejemplo.example", "globalnewswire.example",
]
CAMPAIGN_DOMAINS: dict[str, list[str]] = {
    "venezuela_201901_1": ["patria-noticias24.example", "verdad-bolivariana.example",
                           "dlvr.it", "bit.ly", "ift.tt"],
    "venezuela_201901_2": ["latam-truth-report.example", "world-affairs-daily.example", "bit.ly"],
    "control_201901": ["wikipedia.org", "deportes-hoy.example", "recetas-faciles.example",
                       "bit.ly", "spotify.com"],
}
URL_SLUGS: list[str] = ["nota", "articulo", "news", "story", "video", "post", "blog", "p"]

CLIENTS_COMMON: list[str] = ["Twitter for Android", "Twitter Web Client", "Twitter for iPhone",
                             "TweetDeck", "Twitter Lite", "Twitter for iPad"]
CLIENTS_AUTOMATION: list[str] = ["dlvr.it", "IFTTT", "twitterfeed", "Hootsuite", "Buffer"]
# The planted shared automation client: a made-up app name no organic account uses.
PLANTED_CLIENT = "PatriaPost Publisher"

LOCATIONS: dict[str, list[str]] = {
    "es": ["Caracas, Venezuela", "Venezuela", "Maracaibo", "Valencia, Venezuela", "Barquisimeto",
           "Maracay", "Mérida", "Ciudad Bolívar", "Barinas", "Caracas", ""],
    "en": ["", "United States", "London", "Toronto", "New York, USA", "Earth", "Miami, FL",
           "Madrid", "Caracas", "Latin America"],
}
BIO_WORDS: dict[str, list[str]] = {
    "es": ["Venezolano", "chavista", "periodista", "estudiante", "madre", "patriota", "ingeniero",
           "bolivariano", "deportista", "docente", "comunicador popular", "amante de la música"],
    "en": ["journalist", "writer", "student", "father", "activist", "independent media",
           "analyst", "geopolitics", "peace", "music lover", "traveler", "news junkie"],
}
FIRST_NAMES: list[str] = ["Carlos", "María", "José", "Ana", "Luis", "Carmen", "Jesús", "Rosa",
                          "Pedro", "Yelitza", "Daniel", "Andrea", "Jorge", "Gabriela", "Miguel",
                          "Laura", "John", "Mary", "Mike", "Sarah", "David", "Emma"]
LAST_NAMES: list[str] = ["Pérez", "González", "Rodríguez", "Hernández", "Martínez", "López",
                         "Díaz", "Ramírez", "Torres", "Rojas", "Smith", "Brown", "Miller", "Wilson"]
OUTLET_WORDS: list[str] = ["Noticias", "Patria", "Diario", "Radio", "Voz", "Pueblo", "Info",
                           "News", "Report", "Press", "Digital", "Hoy"]

# Short slogans sharing each theme's core words. Appended to many tweets, they
# tie a theme's varied phrases together, as recurring talking points do.
TAGLINES: dict[str, dict[str, list[str]]] = {
    "sanctions_economy": {"es": ["¡No más sanciones contra la economía!", "El bloqueo económico es un crimen",
                                 "Las sanciones y el bloqueo dañan la economía"],
                          "en": ["No more sanctions on the economy!", "The economic blockade is a crime",
                                 "Sanctions and the blockade wreck the economy"]},
    "sovereignty_coup": {"es": ["¡No al golpe, sí a la soberanía!", "Golpe de Estado no pasará",
                                "Soberanía y constitución contra el golpe"],
                         "en": ["No to the coup, yes to sovereignty!", "The coup will not pass",
                                "Sovereignty and the constitution against the coup"]},
    "revolution_legacy": {"es": ["¡Viva la revolución bolivariana!", "Chávez vive, la revolución sigue",
                                 "Revolución, patria y pueblo"],
                          "en": ["Long live the bolivarian revolution!", "Chavez lives, the revolution goes on",
                                 "Revolution, homeland and people"]},
    "military_border": {"es": ["La FANB defiende la frontera", "Fuerza armada y milicia en la frontera",
                               "Frontera segura, fuerza armada leal"],
                        "en": ["The armed forces defend the border", "Armed forces and militia at the border",
                               "A safe border, loyal armed forces"]},
    "humanitarian_aid": {"es": ["Ayuda humanitaria: caballo de Troya", "La falsa ayuda humanitaria es una trampa",
                                "Ayuda humanitaria sin intervención"],
                         "en": ["Humanitarian aid: a trojan horse", "Fake humanitarian aid is a trap",
                                "Humanitarian aid without intervention"]},
    "everyday_life": {"es": ["Comunidad y familia este fin de semana", "Plan de fin de semana en familia",
                             "Buenas noticias para la comunidad"],
                      "en": ["Community and family this weekend", "Weekend plans with the family",
                             "Good news for the community"]},
}

# Messages a paraphrase group spreads: each the same claim reworded (synonyms,
# another order, the names kept), as when operators are told to rewrite a
# talking point rather than paste it; word overlap stays below near-duplicate.
PARAPHRASES: dict[str, list[list[str]]] = {
    "es": [
        ["Guaidó recibe órdenes directas de Washington",
         "Washington le da instrucciones directas a Guaidó",
         "las órdenes que sigue Guaidó vienen de la Casa Blanca",
         "Guaidó solo obedece lo que manda el gobierno estadounidense"],
        ["la oposición sabotea la distribución de gasolina",
         "el reparto de combustible es saboteado por los opositores",
         "los opositores boicotean el suministro de gasolina",
         "sabotaje opositor contra la entrega de carburante"],
        ["la Fuerza Armada se mantiene leal a la Constitución",
         "los militares siguen fieles a la Constitución",
         "la lealtad de la Fuerza Armada con la Carta Magna es total",
         "nuestros soldados permanecen leales al orden constitucional"],
        ["la ayuda humanitaria es una excusa para invadir Venezuela",
         "usan la ayuda humanitaria como pretexto para una invasión",
         "quieren invadir Venezuela con la excusa de la asistencia humanitaria",
         "la supuesta asistencia humanitaria esconde un plan de invasión"],
        ["millones marcharon hoy en apoyo al presidente Maduro",
         "una marcha de millones respaldó hoy al presidente Maduro",
         "hoy millones de personas salieron a apoyar a Maduro",
         "Maduro recibió hoy el respaldo de millones en la calle"],
        ["el apagón fue un ataque cibernético contra el sistema eléctrico",
         "un ciberataque contra la red eléctrica provocó el apagón",
         "el sistema eléctrico sufrió un sabotaje informático que causó el apagón",
         "atacaron la red eléctrica por internet y causaron el corte de luz"],
        ["los medios internacionales mienten sobre la situación en Venezuela",
         "la prensa extranjera miente acerca de lo que pasa en Venezuela",
         "sobre Venezuela los medios del exterior difunden mentiras",
         "las cadenas internacionales falsean la realidad venezolana"],
        ["el bolívar se recuperará en las próximas semanas",
         "en pocas semanas el bolívar volverá a subir",
         "la recuperación del bolívar llegará en unas semanas",
         "nuestra moneda, el bolívar, se fortalecerá pronto"],
    ],
    "en": [
        ["Guaido takes direct orders from Washington",
         "Washington gives Guaido his direct instructions",
         "the orders Guaido follows come from the White House",
         "Guaido only does what the US government tells him"],
        ["the opposition is sabotaging gasoline distribution",
         "fuel distribution is being sabotaged by the opposition",
         "opposition groups are blocking the gasoline supply",
         "opposition sabotage hits fuel deliveries"],
        ["the armed forces remain loyal to the Constitution",
         "the military stays faithful to the Constitution",
         "the armed forces' loyalty to the constitution is total",
         "our soldiers remain loyal to the constitutional order"],
        ["humanitarian aid is an excuse to invade Venezuela",
         "they use humanitarian aid as a pretext for invasion",
         "they want to invade Venezuela using aid as the excuse",
         "the so-called humanitarian assistance hides an invasion plan"],
    ],
}
