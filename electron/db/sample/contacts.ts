/**
 * The contacts of the large reference book (quality.md) and of the sample business: a
 * deterministic generator of a realistic small business's contacts. The same seed always gives
 * the same book, byte for byte in every table.
 *
 * It writes straight through the db functions in one transaction and rebuilds the search index
 * once at the end: keeping FTS current row by row costs 20x more on a bulk load.
 */
import type { AddressEntry, Birthday, ContactFields, EmailEntry, PhoneEntry, SampleKind, Stage } from '../../../shared/contract/index';
import type { WritableDB } from '../connection';
import { insertContact, rebuildSearch, setDeletedAt } from '../contacts';

export interface GenerateOptions {
  /** How many contacts, businesses included (default 100,000). */
  count?: number;
  seed?: number;
  /** The clock the book is generated against: every timestamp is before it. */
  now?: number;
  /**
   * Rebuild the search index at the end (default true). The whole-book generator turns it off
   * and rebuilds once after it has written the records (referred contacts change source).
   */
  rebuildSearch?: boolean;
  /**
   * The kind of business (default café): a consultancy's clients are more often businesses and
   * come by referral and LinkedIn rather than by walking in. The café is the reference book.
   */
  kind?: SampleKind;
}

export interface GenerateSummary {
  count: number;
  businesses: number;
  persons: number;
  trashed: number;
  tags: number;
  insertMs: number;
  searchMs: number;
}

export const DEFAULT_SEED = 20250601;
export const DEFAULT_NOW = Date.UTC(2025, 5, 1, 9, 0, 0);
const DAY = 86_400_000;

/** mulberry32: a small, fast, seeded PRNG; plenty for test data. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type Rng = () => number;
export const int = (rng: Rng, min: number, max: number) => min + Math.floor(rng() * (max - min + 1));
export function pick<T>(rng: Rng, items: readonly T[]): T {
  return items[Math.floor(rng() * items.length)] as T;
}

/** Picks from weighted choices (weights need not sum to 1). */
export function weighted<T>(choices: readonly (readonly [T, number])[]): (rng: Rng) => T {
  const total = choices.reduce((s, [, w]) => s + w, 0);
  const cumulative: number[] = [];
  let acc = 0;
  for (const [, w] of choices) cumulative.push((acc += w / total));
  return (rng) => {
    const r = rng();
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (r < (cumulative[mid] as number)) hi = mid;
      else lo = mid + 1;
    }
    return (choices[lo] as readonly [T, number])[0];
  };
}

/** A Zipf-like pick: the k-th item is chosen with weight 1 / k^s. */
function zipf<T>(items: readonly T[], s: number): (rng: Rng) => T {
  return weighted(items.map((item, k) => [item, 1 / Math.pow(k + 1, s)] as const));
}

// --- Names -------------------------------------------------------------------------------------

interface Culture {
  first: readonly string[];
  last: readonly string[];
  /** Romanised forms for emails, parallel to first/last, when the script is not Latin. */
  firstLatin?: readonly string[];
  lastLatin?: readonly string[];
  domains: readonly string[];
  phone: (rng: Rng) => string;
  places: readonly (readonly [city: string, region: string, country: string])[];
  streets: readonly string[];
  postal: (rng: Rng) => string;
  /** Family name first, no space between (CJK). */
  familyFirst?: boolean;
  joiner?: string;
}

const digits = (rng: Rng, n: number) => Array.from({ length: n }, () => String(int(rng, 0, 9))).join('');

const CULTURES: Record<string, Culture> = {
  english: {
    first: ['James', 'Mary', 'John', 'Patricia', 'Robert', 'Jennifer', 'Michael', 'Linda', 'William', 'Elizabeth', 'David', 'Susan', 'Emily', 'Olivia', 'Noah', 'Liam', 'Emma', 'Ava', 'Sophia', 'Mason', 'Ethan', 'Chloe', 'Grace', 'Jack', 'Harry', 'Amelia', 'Isla', 'Oscar', 'Mark', 'Marcus', 'Martha', 'Anna', 'Andrew', 'Angela'],
    last: ['Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Miller', 'Davis', 'Wilson', 'Anderson', 'Taylor', 'Thomas', 'Moore', 'Martin', 'Jackson', 'White', 'Harris', 'Clark', 'Lewis', 'Walker', 'Hall', "O'Brien", 'MacDonald', 'Evans', 'Hughes', 'Marsh', 'Lane'],
    domains: ['gmail.com', 'outlook.com', 'yahoo.com', 'icloud.com', 'hotmail.com', 'proton.me', 'aol.com'],
    phone: (rng) => pick(rng, [`+1 555 0${digits(rng, 2)} ${digits(rng, 4)}`, `(555) ${digits(rng, 3)}-${digits(rng, 4)}`, `+44 20 7946 0${digits(rng, 3)}`, `+1 (555) ${digits(rng, 3)}-${digits(rng, 4)}`]),
    places: [['Portland', 'OR', 'USA'], ['Austin', 'TX', 'USA'], ['Boston', 'MA', 'USA'], ['Denver', 'CO', 'USA'], ['London', '', 'United Kingdom'], ['Manchester', '', 'United Kingdom'], ['Dublin', '', 'Ireland'], ['Toronto', 'ON', 'Canada']],
    streets: ['Main Street', 'Oak Avenue', 'Maple Drive', 'High Street', 'Church Lane', 'Park Road', 'Elm Street', 'Station Road'],
    postal: (rng) => pick(rng, [digits(rng, 5), `SW1A ${int(rng, 1, 9)}AA`]),
  },
  french: {
    first: ['Émile', 'Élodie', 'Chloé', 'Léa', 'Zoé', 'Hélène', 'François', 'Jérôme', 'Benoît', 'Céline', 'Gaëlle', 'Noémie', 'Raphaël', 'Loïc', 'Anaïs', 'Mathéo', 'Inès', 'Thérèse', 'André', 'Aurélie', 'Marie', 'Marc', 'Margaux', 'Anne', 'Camille', 'Julien', 'Émilie'],
    last: ['Dupont', 'Lefèvre', 'Moreau', 'Girard', 'Lambert', 'Bonnet', 'François', 'Mercier', 'Fontaine', 'Chevalier', 'Rousseau', 'Dubois', 'Lemaître', 'Bélanger', 'Côté', 'Gagné', 'Martin', 'Marchand', "D'Arcy", 'Lebœuf'],
    domains: ['orange.fr', 'free.fr', 'laposte.net', 'gmail.com', 'sfr.fr', 'videotron.ca'],
    phone: (rng) => `+33 6 ${digits(rng, 2)} ${digits(rng, 2)} ${digits(rng, 2)} ${digits(rng, 2)}`,
    places: [['Paris', 'Île-de-France', 'France'], ['Lyon', 'Auvergne-Rhône-Alpes', 'France'], ['Marseille', "Provence-Alpes-Côte d'Azur", 'France'], ['Montréal', 'QC', 'Canada'], ['Nantes', 'Pays de la Loire', 'France'], ['Genève', '', 'Suisse']],
    streets: ['rue de la Paix', 'avenue des Champs-Élysées', 'rue Saint-Honoré', 'boulevard Voltaire', 'rue des Écoles', 'place du Marché'],
    postal: (rng) => digits(rng, 5),
  },
  spanish: {
    first: ['Ana', 'Ana María', 'José', 'María', 'Lucía', 'Sofía', 'Martín', 'Javier', 'Álvaro', 'Inés', 'Raúl', 'Tomás', 'Begoña', 'Íñigo', 'Nuria', 'Mar', 'Mariana', 'Marta', 'Andrés', 'Ángela', 'Jesús', 'Ramón', 'Elena', 'Pilar', 'Ana Belén', 'Adrián'],
    last: ['García', 'Martínez', 'López', 'Sánchez', 'Pérez', 'Gómez', 'Fernández', 'Rodríguez', 'Hernández', 'Díaz', 'Muñoz', 'Álvarez', 'Jiménez', 'Ruiz', 'Núñez', 'Castaño', 'Ibáñez', 'Lara', 'Luna', 'Márquez'],
    domains: ['gmail.com', 'hotmail.es', 'yahoo.es', 'outlook.es', 'telefonica.net'],
    phone: (rng) => pick(rng, [`+34 6${digits(rng, 2)} ${digits(rng, 3)} ${digits(rng, 3)}`, `+52 55 ${digits(rng, 4)} ${digits(rng, 4)}`]),
    places: [['Madrid', 'Madrid', 'España'], ['Barcelona', 'Cataluña', 'España'], ['Sevilla', 'Andalucía', 'España'], ['Ciudad de México', 'CDMX', 'México'], ['Bogotá', '', 'Colombia'], ['Málaga', 'Andalucía', 'España']],
    streets: ['Calle Mayor', 'Avenida de la Constitución', 'Calle del Sol', 'Paseo de Gracia', 'Calle Alcalá'],
    postal: (rng) => digits(rng, 5),
  },
  portuguese: {
    first: ['João', 'Ana', 'Conceição', 'Gonçalo', 'Inês', 'Luís', 'Mário', 'Sebastião', 'Beatriz', 'Leonor', 'Thiago', 'Luana', 'Antônio', 'Márcia', 'Fábio', 'Letícia', 'Maria', 'Marcelo'],
    last: ['Silva', 'Santos', 'Ferreira', 'Pereira', 'Oliveira', 'Costa', 'Rodrigues', 'Martins', 'Gonçalves', 'Araújo', 'Lima', 'Simões', 'Magalhães', 'Conceição', 'Brandão', 'Leitão'],
    domains: ['gmail.com', 'sapo.pt', 'uol.com.br', 'hotmail.com', 'bol.com.br'],
    phone: (rng) => pick(rng, [`+351 9${digits(rng, 2)} ${digits(rng, 3)} ${digits(rng, 3)}`, `+55 11 9${digits(rng, 4)}-${digits(rng, 4)}`]),
    places: [['Lisboa', '', 'Portugal'], ['Porto', '', 'Portugal'], ['São Paulo', 'SP', 'Brasil'], ['Rio de Janeiro', 'RJ', 'Brasil'], ['Belo Horizonte', 'MG', 'Brasil']],
    streets: ['Rua Augusta', 'Avenida da Liberdade', 'Rua das Flores', 'Avenida Paulista', 'Rua do Comércio'],
    postal: (rng) => `${digits(rng, 4)}-${digits(rng, 3)}`,
  },
  german: {
    first: ['Jürgen', 'Björn', 'Jörg', 'Käthe', 'Günther', 'Lena', 'Lukas', 'Sören', 'Anneliese', 'Matthias', 'Maximilian', 'Hannah', 'Uwe', 'Birgit', 'Paul', 'Marlene', 'Ursula'],
    last: ['Müller', 'Schmidt', 'Schneider', 'Fischer', 'Weiß', 'Schäfer', 'Köhler', 'Groß', 'Wagner', 'Becker', 'Hoffmann', 'Schröder', 'Krüger', 'Böhm', 'Strauß', 'Vogel'],
    domains: ['gmx.de', 'web.de', 't-online.de', 'gmail.com', 'posteo.de'],
    phone: (rng) => pick(rng, [`+49 151 ${digits(rng, 8)}`, `+49 30 ${digits(rng, 7)}`, `+43 664 ${digits(rng, 7)}`]),
    places: [['Berlin', 'Berlin', 'Deutschland'], ['München', 'Bayern', 'Deutschland'], ['Köln', 'Nordrhein-Westfalen', 'Deutschland'], ['Wien', '', 'Österreich'], ['Zürich', 'ZH', 'Schweiz']],
    streets: ['Hauptstraße', 'Bahnhofstraße', 'Schillerstraße', 'Goethestraße', 'Gartenweg', 'Königsallee'],
    postal: (rng) => digits(rng, 5),
  },
  nordic_slavic_turkish: {
    first: ['Søren', 'Åsa', 'Bjørn', 'Ingrid', 'Håkon', 'Zoë', 'Łukasz', 'Małgorzata', 'Paweł', 'Agnieszka', 'Jiří', 'Tereza', 'Dvořák', 'Çağla', 'Şebnem', 'Gülşen', 'İlker', 'Ömer', 'Nguyễn Thị', 'Trần Văn', 'Đức', 'Ólafur', 'Sigríður'],
    last: ['Sørensen', 'Åberg', 'Lindqvist', 'Nyström', 'Kowalski', 'Wiśniewska', 'Łęcki', 'Nowák', 'Dvořáková', 'Procházka', 'Yılmaz', 'Şahin', 'Öztürk', 'Çelik', 'Nguyễn', 'Phạm', 'Jónsdóttir', 'Guðmundsson'],
    domains: ['gmail.com', 'wp.pl', 'seznam.cz', 'hotmail.com', 'outlook.com'],
    phone: (rng) => pick(rng, [`+45 ${digits(rng, 2)} ${digits(rng, 2)} ${digits(rng, 2)} ${digits(rng, 2)}`, `+48 ${digits(rng, 3)} ${digits(rng, 3)} ${digits(rng, 3)}`, `+90 5${digits(rng, 2)} ${digits(rng, 3)} ${digits(rng, 2)} ${digits(rng, 2)}`, `+84 9${digits(rng, 1)} ${digits(rng, 3)} ${digits(rng, 4)}`]),
    places: [['København', '', 'Danmark'], ['Kraków', 'Małopolskie', 'Polska'], ['Praha', '', 'Česko'], ['İstanbul', '', 'Türkiye'], ['Hà Nội', '', 'Việt Nam'], ['Reykjavík', '', 'Ísland'], ['Göteborg', '', 'Sverige']],
    streets: ['Strøget', 'ulica Floriańska', 'Václavské náměstí', 'İstiklal Caddesi', 'Phố Huế', 'Laugavegur'],
    postal: (rng) => `${digits(rng, 2)}-${digits(rng, 3)}`,
  },
  italian: {
    first: ['Niccolò', 'Lucrezia', 'Giuseppe', 'Francesca', 'Marco', 'Martina', 'Luca', 'Giulia', 'Alessandro', 'Chiara', 'Matteo', 'Sara', 'Mattia', 'Andrea', 'Anna'],
    last: ['Rossi', 'Russo', 'Ferrari', 'Esposito', 'Bianchi', 'Romano', 'Colombo', 'Ricci', 'Marino', 'Greco', 'Bruno', 'Gallo', 'Conti', 'De Luca', 'Mancini', 'Lombardi'],
    domains: ['libero.it', 'gmail.com', 'virgilio.it', 'tiscali.it'],
    phone: (rng) => `+39 3${digits(rng, 2)} ${digits(rng, 3)} ${digits(rng, 4)}`,
    places: [['Roma', 'Lazio', 'Italia'], ['Milano', 'Lombardia', 'Italia'], ['Napoli', 'Campania', 'Italia'], ['Torino', 'Piemonte', 'Italia'], ['Firenze', 'Toscana', 'Italia']],
    streets: ['Via Roma', 'Via Garibaldi', 'Corso Vittorio Emanuele', 'Via del Corso', 'Piazza Navona'],
    postal: (rng) => digits(rng, 5),
  },
  greek: {
    first: ['Γιώργος', 'Μαρία', 'Δημήτρης', 'Ελένη', 'Νίκος', 'Αικατερίνη', 'Κωνσταντίνος', 'Σοφία', 'Ιωάννης', 'Άννα'],
    firstLatin: ['giorgos', 'maria', 'dimitris', 'eleni', 'nikos', 'aikaterini', 'konstantinos', 'sofia', 'ioannis', 'anna'],
    last: ['Παπαδόπουλος', 'Οικονόμου', 'Γεωργίου', 'Βασιλείου', 'Νικολάου', 'Αντωνίου', 'Ιωάννου', 'Καραγιάννη'],
    lastLatin: ['papadopoulos', 'oikonomou', 'georgiou', 'vasileiou', 'nikolaou', 'antoniou', 'ioannou', 'karagianni'],
    domains: ['gmail.com', 'yahoo.gr', 'otenet.gr'],
    phone: (rng) => `+30 69${digits(rng, 1)} ${digits(rng, 3)} ${digits(rng, 4)}`,
    places: [['Αθήνα', 'Αττική', 'Ελλάδα'], ['Θεσσαλονίκη', '', 'Ελλάδα'], ['Λευκωσία', '', 'Κύπρος']],
    streets: ['Οδός Ερμού', 'Λεωφόρος Συγγρού', 'Οδός Τσιμισκή'],
    postal: (rng) => `${digits(rng, 3)} ${digits(rng, 2)}`,
  },
  cyrillic: {
    first: ['Алексей', 'Анна', 'Дмитрий', 'Екатерина', 'Сергей', 'Мария', 'Иван', 'Ольга', 'Юлия', 'Андрій', 'Олена', 'Наталья'],
    firstLatin: ['aleksey', 'anna', 'dmitry', 'ekaterina', 'sergey', 'maria', 'ivan', 'olga', 'yulia', 'andriy', 'olena', 'natalya'],
    last: ['Иванов', 'Смирнова', 'Кузнецов', 'Попова', 'Васильев', 'Петрова', 'Соколов', 'Шевченко', 'Коваленко', 'Бондаренко'],
    lastLatin: ['ivanov', 'smirnova', 'kuznetsov', 'popova', 'vasilyev', 'petrova', 'sokolov', 'shevchenko', 'kovalenko', 'bondarenko'],
    domains: ['mail.ru', 'yandex.ru', 'gmail.com', 'ukr.net'],
    phone: (rng) => pick(rng, [`+7 9${digits(rng, 2)} ${digits(rng, 3)}-${digits(rng, 2)}-${digits(rng, 2)}`, `+380 ${digits(rng, 2)} ${digits(rng, 3)} ${digits(rng, 4)}`]),
    places: [['Москва', '', 'Россия'], ['Санкт-Петербург', '', 'Россия'], ['Київ', '', 'Україна'], ['Алматы', '', 'Казахстан']],
    streets: ['ул. Ленина', 'Невский проспект', 'вул. Хрещатик', 'ул. Пушкина'],
    postal: (rng) => digits(rng, 6),
  },
  arabic: {
    first: ['محمد', 'فاطمة', 'أحمد', 'مريم', 'علي', 'نور', 'يوسف', 'ليلى', 'عمر', 'سارة'],
    firstLatin: ['mohammed', 'fatima', 'ahmed', 'maryam', 'ali', 'nour', 'youssef', 'layla', 'omar', 'sara'],
    last: ['العلي', 'حسن', 'الحسيني', 'المصري', 'خليل', 'النجار', 'الخطيب', 'منصور'],
    lastLatin: ['alali', 'hassan', 'alhusseini', 'almasri', 'khalil', 'alnajjar', 'alkhatib', 'mansour'],
    domains: ['gmail.com', 'hotmail.com', 'yahoo.com', 'outlook.sa'],
    phone: (rng) => pick(rng, [`+971 50 ${digits(rng, 3)} ${digits(rng, 4)}`, `+20 10 ${digits(rng, 4)} ${digits(rng, 4)}`, `+966 5${digits(rng, 1)} ${digits(rng, 3)} ${digits(rng, 4)}`]),
    places: [['دبي', '', 'الإمارات'], ['القاهرة', '', 'مصر'], ['الرياض', '', 'السعودية'], ['عمّان', '', 'الأردن'], ['Casablanca', '', 'Maroc']],
    streets: ['شارع الشيخ زايد', 'شارع التحرير', 'شارع الملك فهد'],
    postal: (rng) => digits(rng, 5),
  },
  cjk: {
    first: ['伟', '娜', '静', '秀英', '健', '陽菜', '蓮', '結衣', '민준', '서연', '지우', '芳'],
    firstLatin: ['wei', 'na', 'jing', 'xiuying', 'ken', 'hina', 'ren', 'yui', 'minjun', 'seoyeon', 'jiwoo', 'fang'],
    last: ['王', '李', '张', '刘', '佐藤', '鈴木', '高橋', '김', '이', '박'],
    lastLatin: ['wang', 'li', 'zhang', 'liu', 'sato', 'suzuki', 'takahashi', 'kim', 'lee', 'park'],
    domains: ['qq.com', '163.com', 'gmail.com', 'yahoo.co.jp', 'naver.com', 'docomo.ne.jp'],
    phone: (rng) => pick(rng, [`+86 138 ${digits(rng, 4)} ${digits(rng, 4)}`, `+81 90-${digits(rng, 4)}-${digits(rng, 4)}`, `+82 10-${digits(rng, 4)}-${digits(rng, 4)}`]),
    places: [['上海', '', '中国'], ['北京', '', '中国'], ['東京', '東京都', '日本'], ['大阪', '大阪府', '日本'], ['서울', '', '대한민국'], ['台北', '', '台灣']],
    streets: ['南京路', '銀座通り', '강남대로', '中山北路'],
    postal: (rng) => `${digits(rng, 3)}-${digits(rng, 4)}`,
    familyFirst: true,
    joiner: '',
  },
};

const pickCulture = weighted<Culture>([
  [CULTURES.english as Culture, 30],
  [CULTURES.french as Culture, 12],
  [CULTURES.spanish as Culture, 14],
  [CULTURES.portuguese as Culture, 8],
  [CULTURES.german as Culture, 7],
  [CULTURES.nordic_slavic_turkish as Culture, 6],
  [CULTURES.italian as Culture, 6],
  [CULTURES.greek as Culture, 4],
  [CULTURES.cyrillic as Culture, 5],
  [CULTURES.arabic as Culture, 3],
  [CULTURES.cjk as Culture, 5],
]);

const EMOJI = ['🌸', '☕', '🎨', '🐶', '⭐', '🧁', '💐', '👨‍🍳', '🏋️', '🇧🇷'];

/** ASCII letters for an email address: accents, ł, ø, ß and the like folded away. */
function asciiFold(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/[łŁ]/g, 'l')
    .replace(/[øØ]/g, 'o')
    .replace(/ß/g, 'ss')
    .replace(/[đĐ]/g, 'd')
    .replace(/ı/g, 'i')
    .replace(/[æÆ]/g, 'ae')
    .replace(/[œŒ]/g, 'oe')
    .replace(/[ðÐ]/g, 'd')
    .replace(/[þÞ]/g, 'th')
    .toLowerCase()
    .replace(/[^a-z]/g, '');
}

interface PersonName {
  name: string;
  firstAscii: string;
  lastAscii: string;
}

function personName(rng: Rng, c: Culture): PersonName {
  const fi = Math.floor(rng() * c.first.length);
  const li = Math.floor(rng() * c.last.length);
  const first = c.first[fi] as string;
  const last = c.last[li] as string;
  let name = c.familyFirst ? `${last}${pick(rng, ['', ' '])}${first}` : `${first}${c.joiner ?? ' '}${last}`;
  // A few people are saved with a middle initial, a nickname or an emoji, as owners do.
  const r = rng();
  if (!c.familyFirst && r < 0.04) name = `${first} ${String.fromCharCode(65 + int(rng, 0, 25))}. ${last}`;
  else if (r < 0.05) name = `${name} ${pick(rng, EMOJI)}`;
  else if (r < 0.055) name = `${pick(rng, EMOJI)} ${name}`;
  const firstAscii = c.firstLatin?.[fi] ?? asciiFold(first);
  const lastAscii = c.lastLatin?.[li] ?? asciiFold(last);
  return { name, firstAscii: firstAscii || 'friend', lastAscii: lastAscii || 'contact' };
}

const BUSINESS_WORDS = ['Lumière', 'Nova', 'Aurora', 'Sol', 'Olive', 'Blue Door', 'Golden Spoon', 'Green Leaf', 'Little Fox', 'Riverbend', 'Copper Kettle', 'Saffron', 'Maple', 'Café del Mar', 'Zen', 'Harbor', 'Atlas', 'Iris', 'Fjord', 'Sakura'];
const BUSINESS_TEMPLATES: readonly ((rng: Rng, c: Culture) => string)[] = [
  (rng, c) => `Boulangerie ${pick(rng, c.last)}`,
  (rng, c) => `${pick(rng, c.last)} & Fils`,
  (rng, c) => `${pick(rng, c.last)} GmbH`,
  (rng, c) => `${pick(rng, c.last)} & Co.`,
  (rng) => `Studio ${pick(rng, BUSINESS_WORDS)}`,
  (rng) => `${pick(rng, BUSINESS_WORDS)} Yoga`,
  (rng) => `${pick(rng, BUSINESS_WORDS)} Coffee Roasters`,
  (rng, c) => `${pick(rng, c.last)} Consulting`,
  (rng) => `Atelier ${pick(rng, BUSINESS_WORDS)}`,
  (rng) => `${pick(rng, BUSINESS_WORDS)} Florist`,
  (rng, c) => `Taller ${pick(rng, c.last)}`,
  (rng) => `${pick(rng, BUSINESS_WORDS)} Dental Clinic`,
  (rng, c) => `${pick(rng, c.last)} Bakery`,
  (rng) => `Hotel ${pick(rng, BUSINESS_WORDS)}`,
  (rng) => pick(rng, ['株式会社さくら', 'ООО «Панорама»', 'مطعم الياسمين', 'Ταβέρνα Ο Μάκης', '서울 커피', '北京烤鸭店', 'Café Zoë 🍰']),
];

const JOB_TITLES = ['Owner', 'Manager', 'Office Manager', 'Head Chef', 'Buyer', 'Assistant', 'Director', 'Accountant', 'Receptionist', 'Sales', 'Co-founder', 'Gérante', 'Geschäftsführer', 'Jefa de compras', ''];

// --- Skewed attributes ---------------------------------------------------------------------------

const pickStage = weighted<Stage>([
  ['customer', 35],
  ['lead', 20],
  ['loyal', 15],
  ['inactive', 13],
  ['prospect', 12],
  ['advocate', 5],
]);

const pickSource = weighted<string>([
  ['walk-in', 28],
  ['Instagram', 18],
  ['referral', 15],
  ['website', 12],
  ['event', 7],
  ['Google', 5],
  ['Facebook', 4],
  ['flyer', 2],
  ['TikTok', 2],
  ['newspaper', 1],
  ['trade show', 1],
  ['podcast', 0.5],
  ['Walk-in', 0.5],
  ['', 4],
]);

/** The head of the tag distribution: a handful of tags most contacts carry. */
const TAG_HEAD = [
  'newsletter', 'vip', 'regular', 'wholesale', 'birthday club', 'loyalty card', 'gift card', 'local', 'tourist', 'corporate',
  'friend', 'family', 'influencer', 'supplier', 'press', 'student', 'senior', 'staff', 'ex-staff', 'do not call',
  'late payer', 'big spender', 'allergies', 'vegan', 'gluten-free', 'dog owner', 'early bird', 'night owl', 'parent', 'teacher',
  'artist', 'musician', 'athlete', 'runner', 'cyclist', 'photographer', 'café', 'naïve art', 'постоянный', '常连客',
];
const TAG_TOPICS = ['workshop', 'tasting', 'class', 'market', 'fair', 'pop-up', 'launch', 'retreat', 'webinar', 'open day', 'gala', 'meetup'];
const TAG_SEASONS = ['spring', 'summer', 'autumn', 'winter'];
const TAG_TAIL: string[] = [];
for (const topic of TAG_TOPICS) for (const season of TAG_SEASONS) for (const year of [2019, 2020, 2021, 2022, 2023, 2024]) TAG_TAIL.push(`${topic} ${season} ${year}`);
const pickHeadTag = zipf(TAG_HEAD, 1.1);

const EMAIL_LABELS = weighted<string>([['home', 50], ['work', 35], ['other', 10], ['school', 5]]);
const PHONE_LABELS = weighted<string>([['mobile', 60], ['work', 20], ['home', 15], ['WhatsApp', 5]]);
const CADENCES = [7, 14, 21, 30, 45, 60, 90, 180, 365];

const NOTES = [
  'Prefers morning appointments.',
  'Allergic to nuts.',
  'Met at the spring fair; interested in the workshop series.',
  'Asked about wholesale prices.',
  'Pays by card, wants a receipt by email.',
  'Brings the dog along 🐶',
  'Call after 6 pm.',
  'Likes the oat-milk flat white.',
  "Daughter's wedding in June.",
  'Referred three friends last year.',
  'Préfère être contacté par SMS.',
  'Cliente fiel desde la apertura.',
  'Spricht nur Deutsch.',
  'Vuole essere avvisata dei saldi.',
  'Постоянный клиент, любит скидки.',
  '喜欢周末来店。',
  'يفضل التواصل عبر واتساب.',
  'Needs wheelchair access.',
  'Gift for partner every December.',
  'Interested in the loyalty programme.',
];

/** A consultancy's clients: how they came, what they are tagged with, what the owner notes. */
const CONSULTANCY_SOURCES = weighted<string>([
  ['referral', 30],
  ['LinkedIn', 22],
  ['website', 12],
  ['event', 10],
  ['Google', 5],
  ['trade show', 5],
  ['newsletter', 4],
  ['podcast', 3],
  ['Linkedin', 0.5],
  ['', 5],
]);
const CONSULTANCY_TAG_HEAD = [
  'retainer', 'decision maker', 'newsletter', 'vip', 'workshop', 'coaching', 'SME', 'startup', 'public sector', 'NGO',
  'finance', 'tech', 'healthcare', 'retail', 'hospitality', 'speaker', 'partner', 'alumni', 'annual review', 'late payer',
  'board member', 'founder', 'HR', 'marketing', 'operations', 'remote', 'do not call', 'friend', 'press', 'investor',
];
const CONSULTANCY_NOTES = [
  'Prefers a video call to a meeting.',
  'Budget signed off each January.',
  'Wants the report as a PDF, not slides.',
  'Met at the spring conference; interested in the workshop series.',
  'Decision needs the CFO.',
  'Invoices to the accounts team, not to her.',
  'Call after 4 pm.',
  'Asked about a retainer.',
  'Reads the newsletter; replies now and then.',
  'Referred two colleagues last year.',
  'Préfère être contacté par e-mail.',
  'Cliente desde el primer taller.',
  'Spricht lieber Deutsch.',
  'Likes a written agenda before every call.',
  'Gift at the end of the project.',
  'Interested in the leadership programme.',
];

interface ContactProfile {
  businessShare: number;
  /** The share of people who work at one of the businesses in the book. */
  employed: number;
  pickSource: (rng: Rng) => string;
  pickHeadTag: (rng: Rng) => string;
  notes: readonly string[];
}

const PROFILES: Record<SampleKind, ContactProfile> = {
  cafe: { businessShare: 0.08, employed: 0.33, pickSource, pickHeadTag, notes: NOTES },
  consultancy: { businessShare: 0.3, employed: 0.6, pickSource: CONSULTANCY_SOURCES, pickHeadTag: zipf(CONSULTANCY_TAG_HEAD, 1), notes: CONSULTANCY_NOTES },
};

// --- Contacts ------------------------------------------------------------------------------------

function emailsFor(rng: Rng, n: PersonName, c: Culture, workDomain: string | null): EmailEntry[] {
  const count = weighted<number>([[0, 8], [1, 62], [2, 24], [3, 6]])(rng);
  const out: EmailEntry[] = [];
  for (let i = 0; i < count; i++) {
    const local = pick(rng, [
      `${n.firstAscii}.${n.lastAscii}`,
      `${n.firstAscii}${n.lastAscii}`,
      `${n.firstAscii[0] ?? 'x'}.${n.lastAscii}`,
      `${n.firstAscii}_${n.lastAscii}${int(rng, 1, 99)}`,
      `${n.firstAscii}${int(rng, 1960, 2010)}`,
    ]);
    const work = workDomain !== null && i === 0 && rng() < 0.7;
    out.push({ label: work ? 'work' : EMAIL_LABELS(rng), value: `${local}@${work ? workDomain : pick(rng, c.domains)}` });
  }
  return out;
}

function phonesFor(rng: Rng, c: Culture): PhoneEntry[] {
  const count = weighted<number>([[0, 10], [1, 65], [2, 20], [3, 5]])(rng);
  return Array.from({ length: count }, () => ({ label: PHONE_LABELS(rng), value: c.phone(rng) }));
}

function addressesFor(rng: Rng, c: Culture): AddressEntry[] {
  const count = weighted<number>([[0, 62], [1, 33], [2, 5]])(rng);
  return Array.from({ length: count }, (_, i) => {
    const [city, region, country] = pick(rng, c.places);
    return {
      label: i === 0 ? pick(rng, ['home', 'home', 'work', 'billing']) : 'work',
      street: rng() < 0.9 ? `${int(rng, 1, 240)} ${pick(rng, c.streets)}` : '',
      city,
      region,
      postalCode: rng() < 0.85 ? c.postal(rng) : '',
      country: rng() < 0.8 ? country : '',
    };
  });
}

function birthdayFor(rng: Rng, now: number): Birthday | null {
  if (rng() >= 0.42) return null;
  const noYear = rng() < 0.25;
  const year = noYear ? null : new Date(now).getUTCFullYear() - int(rng, 16, 88);
  const month = int(rng, 1, 12);
  const dim = month === 2 ? (year === null || (year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)) ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31;
  return { year, month, day: int(rng, 1, dim) };
}

function tagsFor(rng: Rng, profile: ContactProfile): string[] {
  const count = weighted<number>([[0, 20], [1, 35], [2, 25], [3, 12], [4, 5], [5, 2], [6, 1]])(rng);
  const tags: string[] = [];
  for (let i = 0; i < count; i++) tags.push(rng() < 0.08 ? pick(rng, TAG_TAIL) : profile.pickHeadTag(rng));
  return tags;
}

function slug(s: string): string {
  return asciiFold(s).slice(0, 20) || 'shop';
}

/**
 * Fills the book with `count` contacts (about 8% businesses, about a third of the people working
 * at one of them), in one transaction, then rebuilds the search index once. Deterministic: the
 * same seed and clock give the same book.
 */
export function generateContacts(db: WritableDB, options: GenerateOptions = {}): GenerateSummary {
  const count = options.count ?? 100_000;
  const rng = mulberry32(options.seed ?? DEFAULT_SEED);
  const now = options.now ?? DEFAULT_NOW;
  const profile = PROFILES[options.kind ?? 'cafe'];
  const span = 6 * 365 * DAY;
  const start = now - span;
  const businesses: { id: number; domain: string }[] = [];
  let persons = 0;
  let trashed = 0;
  const setUpdated = db.prepare('UPDATE contacts SET updated_at = ? WHERE id = ?');

  const t0 = performance.now();
  let insertMs = 0;
  db.transaction(() => {
    for (let i = 0; i < count; i++) {
      // Contacts arrive over six years, in id order, a little out of step.
      const createdAt = Math.floor(start + (i / count) * (span - DAY) + rng() * DAY);
      const culture = pickCulture(rng);
      const isBusiness = rng() < profile.businessShare || (i === 0 && count > 1);
      let fields: ContactFields;
      if (isBusiness) {
        const name = pick(rng, BUSINESS_TEMPLATES)(rng, culture);
        const domain = `${slug(name)}.${pick(rng, ['com', 'co', 'shop', 'de', 'fr', 'es', 'io'])}`;
        fields = {
          kind: 'business',
          name,
          businessId: null,
          jobTitle: '',
          stage: pickStage(rng),
          source: profile.pickSource(rng),
          birthday: null,
          cadenceDays: rng() < 0.3 ? pick(rng, CADENCES) : null,
          notes: rng() < 0.4 ? pick(rng, profile.notes) : '',
          emails: rng() < 0.85 ? [{ label: 'work', value: `${pick(rng, ['info', 'hello', 'contact', 'orders'])}@${domain}` }] : [],
          phones: rng() < 0.9 ? [{ label: 'work', value: culture.phone(rng) }] : [],
          addresses: addressesFor(rng, culture).map((a) => ({ ...a, label: 'work' })),
          tags: tagsFor(rng, profile),
        };
        const id = insertContact(db, fields, createdAt);
        businesses.push({ id, domain });
        finish(id, createdAt);
        continue;
      }
      const n = personName(rng, culture);
      const employer = businesses.length > 0 && rng() < profile.employed ? pick(rng, businesses) : null;
      fields = {
        kind: 'person',
        name: n.name,
        businessId: employer?.id ?? null,
        jobTitle: employer ? pick(rng, JOB_TITLES) : '',
        stage: pickStage(rng),
        source: profile.pickSource(rng),
        birthday: birthdayFor(rng, now),
        cadenceDays: rng() < 0.2 ? pick(rng, CADENCES) : null,
        notes: rng() < 0.45 ? (rng() < 0.2 ? `${pick(rng, profile.notes)} ${pick(rng, profile.notes)}` : pick(rng, profile.notes)) : '',
        emails: emailsFor(rng, n, culture, employer?.domain ?? null),
        phones: phonesFor(rng, culture),
        addresses: addressesFor(rng, culture),
        tags: tagsFor(rng, profile),
      };
      const id = insertContact(db, fields, createdAt);
      persons++;
      finish(id, createdAt);
      // A few people sit in the trash.
      if (rng() < 0.004) {
        const deletedAt = Math.min(now - 1000, createdAt + Math.floor(rng() * 90 * DAY));
        setDeletedAt(db, id, deletedAt, deletedAt);
        trashed++;
      }
    }
    insertMs = performance.now() - t0;
    if (options.rebuildSearch !== false) rebuildSearch(db);
  })();
  const searchMs = performance.now() - t0 - insertMs;

  /** Most contacts were edited some time after they were added. */
  function finish(id: number, createdAt: number): void {
    if (rng() < 0.6) {
      const updatedAt = Math.min(now - 1000, createdAt + Math.floor(Math.pow(rng(), 2) * (now - createdAt)));
      setUpdated.run(updatedAt, id);
    }
  }

  const tags = (db.prepare('SELECT count(*) AS n FROM tags').get() as { n: number }).n;
  return { count, businesses: businesses.length, persons, trashed, tags, insertMs, searchMs };
}
