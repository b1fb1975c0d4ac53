// The European sales territories of the demo organisation (see
// demo-seed-locales.ts for what a locale holds and why the data is invented).
import { englishSectors, type Locale, type Sector } from './demo-seed-locales';

const deMobile = '+49 151 5550 ####';
const germanFirst = [
  'Jürgen', 'Sabine', 'Katrin', 'Matthias', 'Sören', 'Jörg', 'Käthe', 'Lukas', 'Anja', 'Tobias', 'Ömer', 'Leonie', 'Björn', 'Ulrike', 'Maximilian',
  'Franziska', 'Dietmar', 'Hannah', 'Stefan', 'Jana', 'Gülay', 'Henrik', 'Marlene', 'Florian', 'Birgit', 'Sebastian', 'Carola', 'Timo', 'Ilse', 'René',
];
const germanLast = [
  'Müller', 'Schmidt', 'Schneider', 'Fischer', 'Weiß', 'Schäfer', 'Köhler', 'Becker', 'Wagner', 'Hoffmann', 'Krüger', 'Günther', 'Groß', 'Lehmann',
  'Zimmermann', 'Jäger', 'Vogel', 'Braun', 'Hartmann', 'Schröder', 'Yılmaz', 'Nowak', 'Böhm', 'Kühn', 'Lorenz', 'Seidel', 'Möller', 'Engel', 'Dietrich', 'Brandt',
];
const germanStems = ['Nordlicht', 'Bergmann', 'Rheintal', 'Sonnenhof', 'Eichwald', 'Brückner', 'Alpenblick', 'Hansa', 'Falkenstein', 'Weißdorn'];
const germanSectors: readonly Sector[] = [
  ['Logistik', 'logistik', 'Logistics'],
  ['Maschinenbau', 'maschinenbau', 'Manufacturing'],
  ['Medizintechnik', 'medizintechnik', 'Healthcare'],
  ['Feinkost', 'feinkost', 'Food & Beverage'],
  ['Elektrotechnik', 'elektrotechnik', 'Electronics'],
  ['Bau', 'bau', 'Construction'],
  ['Verpackung', 'verpackung', 'Packaging'],
  ['Energie', 'energie', 'Energy'],
];
const frenchFirst = [
  'Élodie', 'François', 'Hélène', 'Jérôme', 'Gaëlle', 'Benoît', 'Céline', 'Amélie', 'Loïc', 'Léa', 'Noémie', 'Stéphane', 'Frédéric', 'Chloé', 'Raphaël',
  'Anaïs', 'Thibault', 'Clémence', 'Zoé', 'Mathéo', 'Inès', 'Joël', 'Maëlys', 'Grégoire', 'Solène', 'Aurélien', 'Bérénice', 'Cédric', 'Océane', 'Hervé',
];
const frenchLast = [
  'Lefèvre', 'Dubois', 'Girard', 'Moreau', 'Laurent', 'Rousseau', 'Fontaine', 'Chevalier', 'Leroy', 'Mercier', 'Bonnet', 'Dupré', 'Lemaître', 'Barbier',
  'Faure', 'Gauthier', 'Béranger', 'Garnier', 'Roussel', 'Perrin', 'Benali', 'Lacroix', 'Müller', 'Nguyen', 'Poirier', 'Masson', 'Caron', 'Brunet', 'Renaud', 'Texier',
];
const frenchSectors: readonly Sector[] = [
  ['Distribution', 'distribution', 'Wholesale'],
  ['Industries', 'industries', 'Manufacturing'],
  ['Santé', 'sante', 'Healthcare'],
  ['Logistique', 'logistique', 'Logistics'],
  ['Agroalimentaire', 'agroalimentaire', 'Food & Beverage'],
  ['Énergies', 'energies', 'Energy'],
  ['Bâtiment', 'batiment', 'Construction'],
];
const ukMobile = '+44 7700 900###';
const nordicFirst = [
  'Åsa', 'Björn', 'Søren', 'Ingrid', 'Mikael', 'Sigrid', 'Jørgen', 'Linnéa', 'Ørjan', 'Maja', 'Henrik', 'Liv', 'Aino', 'Mette', 'Elias', 'Freja',
  'Päivi', 'Anders', 'Kirsten', 'Oskar', 'Tuula', 'Rasmus', 'Solveig', 'Jukka',
];
const nordicLast = [
  'Andersson', 'Johansson', 'Lindqvist', 'Jönsson', 'Ødegård', 'Halvorsen', 'Nørgaard', 'Kjær', 'Mäkinen', 'Virtanen', 'Sjöberg', 'Ekström', 'Bråten',
  'Nieminen', 'Berglund', 'Solberg', 'Mikkelsen', 'Häkkinen', 'Lund', 'Åberg', 'Dahl', 'Korhonen',
];
const nordicStems = ['Nordkap', 'Fjäll', 'Havsbris', 'Skog', 'Polar', 'Granit', 'Norrsken'];
const nordicSectors: readonly Sector[] = [
  ['Logistik', 'logistik', 'Logistics'],
  ['Teknik', 'teknik', 'Engineering'],
  ['Marin', 'marin', 'Maritime'],
  ['Energi', 'energi', 'Energy'],
  ['Livs', 'livs', 'Food & Beverage'],
];
const iberianSectors: readonly Sector[] = [
  ['Logística', 'logistica', 'Logistics'],
  ['Alimentación', 'alimentacion', 'Food & Beverage'],
  ['Construcciones', 'construcciones', 'Construction'],
  ['Energía', 'energia', 'Energy'],
  ['Distribución', 'distribucion', 'Wholesale'],
];

export const europeanLocales: readonly Locale[] = [
  {
    territory: 'DACH', country: 'Deutschland', currency: 'EUR', weight: 14,
    phoneFormats: ['+49 30 5550 ####', '+49 89 5550 ####', deMobile],
    cities: [
      { city: 'Berlin', region: 'Berlin', postalCode: '10115', phoneFormats: ['+49 30 5550 ####', deMobile] },
      { city: 'München', region: 'Bayern', postalCode: '80331', phoneFormats: ['+49 89 5550 ####', deMobile] },
      { city: 'Hamburg', region: 'Hamburg', postalCode: '20095', phoneFormats: ['+49 40 5550 ####', deMobile] },
      { city: 'Köln', region: 'Nordrhein-Westfalen', postalCode: '50667', phoneFormats: ['+49 221 5550 ####', deMobile] },
      { city: 'Stuttgart', region: 'Baden-Württemberg', postalCode: '70173', phoneFormats: ['+49 711 5550 ####', deMobile] },
      { city: 'Düsseldorf', region: 'Nordrhein-Westfalen', postalCode: '40213', phoneFormats: ['+49 211 5550 ####', deMobile] },
    ],
    streets: ['Hauptstraße', 'Bahnhofstraße', 'Schillerstraße', 'Goethestraße', 'Lindenallee', 'Friedrichstraße', 'Königsallee', 'Am Marktplatz'],
    firstNames: germanFirst, lastNames: germanLast, companyStems: germanStems, sectors: germanSectors,
    legalForms: ['GmbH', 'AG', 'GmbH & Co. KG'],
  },
  {
    territory: 'DACH', country: 'Österreich', currency: 'EUR', weight: 4,
    phoneFormats: ['+43 1 555 ####', '+43 664 555 ####'],
    cities: [
      { city: 'Wien', region: 'Wien', postalCode: '1010' }, { city: 'Graz', region: 'Steiermark', postalCode: '8010' },
      { city: 'Linz', region: 'Oberösterreich', postalCode: '4020' }, { city: 'Salzburg', region: 'Salzburg', postalCode: '5020' },
    ],
    streets: ['Mariahilfer Straße', 'Landstraßer Hauptstraße', 'Herrengasse', 'Getreidegasse'],
    firstNames: germanFirst, lastNames: germanLast, companyStems: germanStems, sectors: germanSectors,
    legalForms: ['GmbH', 'AG'],
  },
  {
    territory: 'DACH', country: 'Schweiz', currency: 'CHF', weight: 4,
    phoneFormats: ['+41 44 555 ## ##', '+41 79 555 ## ##'],
    cities: [
      { city: 'Zürich', region: 'Zürich', postalCode: '8001' }, { city: 'Basel', region: 'Basel-Stadt', postalCode: '4051' },
      { city: 'Bern', region: 'Bern', postalCode: '3011' }, { city: 'Genève', region: 'Genève', postalCode: '1204' },
    ],
    streets: ['Bahnhofstrasse', 'Freie Strasse', 'Rue du Rhône', 'Marktgasse'],
    firstNames: [...germanFirst.slice(0, 10), ...frenchFirst.slice(0, 6)], lastNames: [...germanLast.slice(0, 12), 'Favre', 'Rochat', 'Bühler', 'Künzli'],
    companyStems: germanStems, sectors: germanSectors, legalForms: ['AG', 'SA', 'GmbH'],
  },
  {
    territory: 'France & Benelux', country: 'France', currency: 'EUR', weight: 12, addressStyle: 'numberFirst',
    phoneFormats: ['+33 1 55 55 ## ##', '+33 6 55 55 ## ##'],
    cities: [
      { city: 'Paris', region: 'Île-de-France', postalCode: '75002' }, { city: 'Lyon', region: 'Auvergne-Rhône-Alpes', postalCode: '69002' },
      { city: 'Marseille', region: 'Provence-Alpes-Côte d’Azur', postalCode: '13001' }, { city: 'Lille', region: 'Hauts-de-France', postalCode: '59000' },
      { city: 'Toulouse', region: 'Occitanie', postalCode: '31000' }, { city: 'Nantes', region: 'Pays de la Loire', postalCode: '44000' },
    ],
    streets: ['rue de la République', 'avenue Jean Jaurès', 'boulevard Haussmann', 'rue du Faubourg Saint-Honoré', 'place Bellecour', 'quai des Chartrons'],
    firstNames: frenchFirst, lastNames: frenchLast,
    companyStems: ['Lumière', 'Bellecour', 'Saint-Éloi', 'Horizon', 'Vauban', 'Cèdre', 'Étoile', 'Beaulieu'], sectors: frenchSectors,
    legalForms: ['SA', 'SAS', 'SARL'],
  },
  {
    territory: 'France & Benelux', country: 'België', currency: 'EUR', weight: 4,
    phoneFormats: ['+32 2 555 ## ##', '+32 470 55 ## ##'],
    cities: [
      { city: 'Bruxelles', region: 'Bruxelles-Capitale', postalCode: '1000' }, { city: 'Antwerpen', region: 'Antwerpen', postalCode: '2000' },
      { city: 'Gent', region: 'Oost-Vlaanderen', postalCode: '9000' }, { city: 'Liège', region: 'Liège', postalCode: '4000' },
    ],
    streets: ['Meir', 'Rue Neuve', 'Veldstraat', 'Boulevard d’Avroy'],
    firstNames: ['Lotte', 'Wouter', 'Anouk', 'Pieter', 'Maëlle', 'Sander', 'Inès', 'Thijs', 'Jef', 'Axelle'],
    lastNames: ['Peeters', 'Janssens', 'Maes', 'De Smet', 'Van den Broeck', 'Dupont', 'Lambert', 'Claes', 'Goossens'],
    companyStems: ['Schelde', 'Brabant', 'Horizon', 'Meuse', 'Kempen'], sectors: [...frenchSectors.slice(0, 4), ['Logistiek', 'logistiek', 'Logistics']],
    legalForms: ['NV', 'BV', 'SRL'],
  },
  {
    territory: 'France & Benelux', country: 'Nederland', currency: 'EUR', weight: 5,
    phoneFormats: ['+31 20 555 ####', '+31 6 5555 ####'],
    cities: [
      { city: 'Amsterdam', region: 'Noord-Holland', postalCode: '1012 AB' }, { city: 'Rotterdam', region: 'Zuid-Holland', postalCode: '3011 AD' },
      { city: 'Utrecht', region: 'Utrecht', postalCode: '3511 LX' }, { city: 'Eindhoven', region: 'Noord-Brabant', postalCode: '5611 EM' },
    ],
    streets: ['Damrak', 'Coolsingel', 'Oudegracht', 'Stratumseind', 'Keizersgracht'],
    firstNames: ['Sanne', 'Bram', 'Femke', 'Joost', 'Lieke', 'Daan', 'Marloes', 'Ruud', 'Eline', 'Sjoerd'],
    lastNames: ['de Vries', 'van Dijk', 'Bakker', 'Jansen', 'Visser', 'Smit', 'de Boer', 'van der Meer', 'Mulder', 'Dekker'],
    companyStems: ['Delta', 'Polder', 'Oranje', 'Zeeland', 'Noordzee'],
    sectors: [['Logistiek', 'logistiek', 'Logistics'], ['Techniek', 'techniek', 'Engineering'], ['Voeding', 'voeding', 'Food & Beverage'], ['Zorg', 'zorg', 'Healthcare']],
    legalForms: ['B.V.', 'N.V.'],
  },
  {
    territory: 'Iberia', country: 'España', currency: 'EUR', weight: 8, addressStyle: 'comma',
    phoneFormats: ['+34 91 555 ## ##', '+34 655 55 ## ##'],
    cities: [
      { city: 'Madrid', region: 'Comunidad de Madrid', postalCode: '28013' }, { city: 'Barcelona', region: 'Cataluña', postalCode: '08002' },
      { city: 'Sevilla', region: 'Andalucía', postalCode: '41001' }, { city: 'Valencia', region: 'Comunitat Valenciana', postalCode: '46002' },
      { city: 'Bilbao', region: 'País Vasco', postalCode: '48001' },
    ],
    streets: ['Calle Mayor', 'Gran Vía', 'Paseo de Gràcia', 'Avenida de la Constitución', 'Calle de Alcalá'],
    firstNames: ['José', 'María', 'Álvaro', 'Lucía', 'Begoña', 'Íñigo', 'Sofía', 'Andrés', 'Nuria', 'Javier', 'Ángela', 'Raúl', 'Mónica', 'Joaquín', 'Inmaculada', 'Sergio', 'Pilar', 'Rubén', 'Aitana', 'Óscar'],
    lastNames: ['García', 'Fernández', 'González', 'Rodríguez', 'Martínez', 'López', 'Sánchez', 'Pérez', 'Muñoz', 'Jiménez', 'Ibáñez', 'Gutiérrez', 'Núñez', 'Ortega', 'Castaño', 'Delgado', 'Vázquez', 'Romero', 'Etxeberria', 'Peña'],
    companyStems: ['Sol', 'Ibérica', 'Levante', 'Mediterráneo', 'Alborán', 'Castilla'], sectors: iberianSectors,
    legalForms: ['S.A.', 'S.L.'],
  },
  {
    territory: 'Iberia', country: 'Portugal', currency: 'EUR', weight: 3, addressStyle: 'comma',
    phoneFormats: ['+351 21 555 ####', '+351 912 555 ###'],
    cities: [
      { city: 'Lisboa', region: 'Lisboa', postalCode: '1100-148' }, { city: 'Porto', region: 'Porto', postalCode: '4000-322' },
      { city: 'Braga', region: 'Braga', postalCode: '4700-435' },
    ],
    streets: ['Rua Augusta', 'Avenida da Liberdade', 'Rua de Santa Catarina', 'Rua do Souto'],
    firstNames: ['João', 'Inês', 'Gonçalo', 'Mariana', 'Tiago', 'Beatriz', 'Rúben', 'Leonor'],
    lastNames: ['Gonçalves', 'Conceição', 'Sousa', 'Magalhães', 'Simões', 'Araújo', 'Fernandes', 'Guimarães'],
    companyStems: ['Atlântico', 'Douro', 'Lusitana', 'Tejo'],
    sectors: [['Logística', 'logistica', 'Logistics'], ['Alimentar', 'alimentar', 'Food & Beverage'], ['Têxteis', 'texteis', 'Textiles'], ['Energia', 'energia', 'Energy']],
    legalForms: ['Lda.', 'S.A.'],
  },
  {
    territory: 'Nordics', country: 'Sverige', currency: 'SEK', weight: 4,
    phoneFormats: ['+46 8 555 ### ##', '+46 70 555 ## ##'],
    cities: [
      { city: 'Stockholm', region: 'Stockholms län', postalCode: '111 52' }, { city: 'Göteborg', region: 'Västra Götalands län', postalCode: '411 05' },
      { city: 'Malmö', region: 'Skåne län', postalCode: '211 20' },
    ],
    streets: ['Drottninggatan', 'Kungsgatan', 'Storgatan', 'Södra Förstadsgatan'],
    firstNames: nordicFirst, lastNames: nordicLast, companyStems: nordicStems, sectors: nordicSectors, legalForms: ['AB'],
  },
  {
    territory: 'Nordics', country: 'Norge', currency: 'NOK', weight: 2,
    phoneFormats: ['+47 22 55 ## ##', '+47 455 5# ###'],
    cities: [{ city: 'Oslo', region: 'Oslo', postalCode: '0150' }, { city: 'Bergen', region: 'Vestland', postalCode: '5003' }],
    streets: ['Karl Johans gate', 'Bryggen', 'Storgata'],
    firstNames: nordicFirst, lastNames: nordicLast, companyStems: nordicStems, sectors: nordicSectors, legalForms: ['AS', 'ASA'],
  },
  {
    territory: 'Nordics', country: 'Danmark', currency: 'DKK', weight: 2,
    phoneFormats: ['+45 33 55 ## ##', '+45 20 55 ## ##'],
    cities: [{ city: 'København', region: 'Hovedstaden', postalCode: '1050' }, { city: 'Aarhus', region: 'Midtjylland', postalCode: '8000' }],
    streets: ['Strøget', 'Nørregade', 'Søndergade'],
    firstNames: nordicFirst, lastNames: nordicLast, companyStems: nordicStems, sectors: nordicSectors, legalForms: ['A/S', 'ApS'],
  },
  {
    territory: 'Nordics', country: 'Suomi', currency: 'EUR', weight: 2,
    phoneFormats: ['+358 9 555 ####', '+358 40 555 ####'],
    cities: [{ city: 'Helsinki', region: 'Uusimaa', postalCode: '00100' }, { city: 'Tampere', region: 'Pirkanmaa', postalCode: '33100' }],
    streets: ['Mannerheimintie', 'Aleksanterinkatu', 'Hämeenkatu'],
    firstNames: nordicFirst, lastNames: nordicLast, companyStems: nordicStems, sectors: nordicSectors, legalForms: ['Oy', 'Oyj'],
  },
  {
    territory: 'UK & Ireland', country: 'United Kingdom', currency: 'GBP', weight: 10, addressStyle: 'numberFirst',
    // Ofcom's drama ranges: 020 7946 0xxx, 0113/0117/0131/0161 496 0xxx, 07700 900xxx.
    phoneFormats: ['+44 20 7946 0###', '+44 161 496 0###', ukMobile],
    cities: [
      { city: 'London', region: 'Greater London', postalCode: 'EC1A 1BB', phoneFormats: ['+44 20 7946 0###', ukMobile] },
      { city: 'Manchester', region: 'Greater Manchester', postalCode: 'M1 1AE', phoneFormats: ['+44 161 496 0###', ukMobile] },
      { city: 'Edinburgh', region: 'Scotland', postalCode: 'EH1 1YZ', phoneFormats: ['+44 131 496 0###', ukMobile] },
      { city: 'Bristol', region: 'England', postalCode: 'BS1 4DJ', phoneFormats: ['+44 117 496 0###', ukMobile] },
      { city: 'Leeds', region: 'West Yorkshire', postalCode: 'LS1 4AP', phoneFormats: ['+44 113 496 0###', ukMobile] },
    ],
    streets: ['High Street', 'Station Road', 'King Street', 'Victoria Road', 'Church Lane'],
    firstNames: ['Oliver', 'Amelia', 'Siobhan', 'Harriet', 'Rhys', 'Eilidh', 'George', 'Callum', 'Imogen', 'Priya', 'Kwame', 'Zoë', 'Alistair', 'Fiona', 'Gareth', 'Bethan', 'Rohan', 'Charlotte', 'Hamish', 'Yasmin', 'Declan', 'Poppy'],
    lastNames: ['Smith', 'Jones', 'Taylor', 'Davies', 'Evans', 'Campbell', 'MacLeod', 'Thompson', 'Okoye', 'Khan', 'Wright', 'Hughes', 'Patel', 'Fraser', 'Robinson', 'Lloyd', 'Bennett', 'Chowdhury', 'Sinclair', 'Ward', 'Griffiths', 'Ahmed'],
    companyStems: ['Thames', 'Pennine', 'Harbour', 'Oakridge', 'Kestrel', 'Brightwater'], sectors: englishSectors,
    legalForms: ['Ltd', 'plc'],
  },
  {
    territory: 'UK & Ireland', country: 'Ireland', currency: 'EUR', weight: 3, addressStyle: 'numberFirst',
    phoneFormats: ['+353 1 555 ####', '+353 87 555 ####'],
    cities: [{ city: 'Dublin', region: 'Leinster', postalCode: 'D02 X285' }, { city: 'Cork', region: 'Munster', postalCode: 'T12 R5CP' }, { city: 'Galway', region: 'Connacht', postalCode: 'H91 E2KF' }],
    streets: ['Grafton Street', 'O’Connell Street', 'Patrick Street', 'Shop Street'],
    firstNames: ['Siobhán', 'Niamh', 'Ciarán', 'Aoife', 'Seán', 'Róisín', 'Pádraig', 'Orla'],
    lastNames: ['Murphy', 'Kelly', 'Walsh', 'Byrne', 'McCarthy', 'Ó Súilleabháin', 'Ní Bhriain', 'Doyle'],
    companyStems: ['Liffey', 'Shannon', 'Emerald', 'Atlantic'], sectors: englishSectors, legalForms: ['Ltd', 'DAC'],
  },
];
