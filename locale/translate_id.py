# ruff: noqa: E501 - a translation table reads best one message per line
"""Fill the Indonesian catalogue from the table below, then run `manage.py compilemessages`.

Kept beside the catalogue so a new string is added here once and the .po regenerated:
    python manage.py makemessages -l id -l en --ignore=.venv --no-obsolete
    python locale/translate_id.py && python manage.py compilemessages -l id -l en
"""

from __future__ import annotations

from pathlib import Path

from babel.messages.pofile import read_po, write_po

PO = Path(__file__).parent / "id" / "LC_MESSAGES" / "django.po"

ID = {
    "Taking too long": "Terlalu lama",
    "This page took too long": "Halaman ini terlalu lama dimuat",
    "The database could not answer in time, so the request was stopped. Please try again in a moment, or narrow the search: a pair, a date range or fewer words.": "Basis data tidak dapat menjawab tepat waktu, sehingga permintaan dihentikan. Silakan coba lagi sebentar lagi, atau persempit pencarian: satu pasangan, rentang tanggal, atau lebih sedikit kata.",
    "Back to the timeline": "Kembali ke lini masa",
    "Too many requests": "Terlalu banyak permintaan",
    "%(name)s: unknown country code %(code)s.": "%(name)s: kode negara %(code)s tidak dikenal.",
    "kind: unknown actor kind “%(kind)s”.": "kind: jenis aktor “%(kind)s” tidak dikenal.",
    "language: “%(value)s” is not a language code.": "language: “%(value)s” bukan kode bahasa.",
    "format: use “csv” or “gdelt”.": "format: gunakan “csv” atau “gdelt”.",
    "format: only the CSV export takes a format.": "format: hanya ekspor CSV yang menerima format.",
    "Diplomacy Tracker: events": "Pelacak Diplomasi: peristiwa",
    "AI and culture diplomacy events, newest first.": "Peristiwa diplomasi AI dan budaya, terbaru lebih dulu.",
    "Unknown parameter “%(name)s”.": "Parameter “%(name)s” tidak dikenal.",
    "Too many values for “%(name)s” (at most %(max)d).": "Terlalu banyak nilai untuk “%(name)s” (paling banyak %(max)d).",
    "Too many parameters (at most %(max)d).": "Terlalu banyak parameter (paling banyak %(max)d).",
    "“%(value)s” is not a pair of codes like CN-KR.": "“%(value)s” bukan pasangan kode seperti CN-KR.",
    "“%(value)s” pairs a country with itself.": "“%(value)s” memasangkan negara dengan dirinya sendiri.",
    "Unknown country code: %(codes)s.": "Kode negara tidak dikenal: %(codes)s.",
    "Unknown topic: %(topics)s.": "Topik tidak dikenal: %(topics)s.",
    "Unknown actor: “%(slug)s”.": "Aktor tidak dikenal: “%(slug)s”.",
    "The end date is before the start date.": "Tanggal akhir sebelum tanggal mulai.",
    "Enter a date as YYYY-MM-DD.": "Tulis tanggal sebagai YYYY-MM-DD.",
    "%(name)s: null characters are not allowed.": "%(name)s: karakter null tidak diizinkan.",
    "page: “%(value)s” is not a page number.": "page: “%(value)s” bukan nomor halaman.",
    "Agreement": "Perjanjian",
    "Forum": "Forum",
    "Collaboration": "Kolaborasi",
    "Regulation": "Regulasi",
    "Visit": "Kunjungan",
    "Funding": "Pendanaan",
    "Other": "Lainnya",
    "Proposed": "Diusulkan",
    "Confirmed": "Terkonfirmasi",
    "Rejected": "Ditolak",
    "All": "Semua",
    "Signatory": "Penanda tangan",
    "Organiser": "Penyelenggara",
    "Participant": "Peserta",
    "Regulator": "Regulator",
    "Target": "Sasaran",
    "Host": "Tuan rumah",
    "Funder": "Penyandang dana",
    "Mentioned": "Disebut",
    "Government": "Pemerintah",
    "Ministry / agency": "Kementerian / lembaga",
    "Company": "Perusahaan",
    "University / research": "Universitas / riset",
    "Foundation / NGO": "Yayasan / LSM",
    "International organisation": "Organisasi internasional",
    "Person": "Tokoh",
    "Confirmed: %(title)s": "Dikonfirmasi: %(title)s",
    "Rejected: %(title)s": "Ditolak: %(title)s",
    "target: give the id of the event to merge into.": "target: beri id peristiwa tujuan penggabungan.",
    "target: an event cannot be merged into itself.": "target: peristiwa tidak dapat digabung ke dirinya sendiri.",
    "Merged into: %(title)s": "Digabung ke: %(title)s",
    "action: use confirm, reject or merge.": "action: gunakan confirm, reject, atau merge.",
    "pair: no country or bloc is called “%(text)s”.": "pair: tidak ada negara atau blok bernama “%(text)s”.",
    "from %(date)s": "sejak %(date)s",
    "until %(date)s": "hingga %(date)s",
    "English": "Inggris",
    "Indonesian": "Indonesia",
    "Timeline": "Lini masa",
    "Diplomacy Tracker": "Pelacak Diplomasi",
    "New events": "Peristiwa baru",
    "These events": "Peristiwa ini",
    "Skip to content": "Langsung ke isi",
    "Main": "Utama",
    "Menu": "Menu",
    "Pair matrix": "Matriks pasangan",
    "Actors": "Aktor",
    "Articles": "Artikel",
    "Review": "Tinjauan",
    "Language": "Bahasa",
    "Go": "Ganti",
    "Admin": "Admin",
    "Close": "Tutup",
    "Feed health": "Kesehatan feed",
    "pending": "menunggu",
    "processed": "diproses",
    "failed": "gagal",
    "Feed": "Feed",
    "State": "Keadaan",
    "Last success": "Sukses terakhir",
    "Last error": "Galat terakhir",
    "Failures": "Kegagalan",
    "Next poll": "Pengambilan berikutnya",
    "Items/day (%(window_days)s d)": "Butir/hari (%(window_days)s h)",
    "fewer": "lebih sedikit",
    "more (up to %(max)s)": "lebih banyak (hingga %(max)s)",
    "retired": "dipensiunkan",
    "disabled": "dinonaktifkan",
    "No feeds yet: add one with add_feed or in the admin.": "Belum ada feed: tambahkan dengan add_feed atau di admin.",
    "Articles that failed": "Artikel yang gagal",
    "Events per year": "Peristiwa per tahun",
    "Events per month": "Peristiwa per bulan",
    "tallest bar: %(max)s": "batang tertinggi: %(max)s",
    "Applied filters": "Filter yang diterapkan",
    "Showing:": "Menampilkan:",
    "Remove this filter": "Hapus filter ini",
    "remove": "hapus",
    "Clear all": "Hapus semua",
    "Undated": "Tanpa tanggal",
    "Place": "Tempat",
    "Filter events": "Saring peristiwa",
    "Filters": "Filter",
    "Country pair": "Pasangan negara",
    "e.g. Indonesia": "mis. Indonesia",
    "First country": "Negara pertama",
    "e.g. South Korea": "mis. Korea Selatan",
    "Second country": "Negara kedua",
    "Type a name in English or Indonesian, or a code.": "Ketik nama dalam bahasa Inggris atau Indonesia, atau kodenya.",
    "Country taking part": "Negara yang terlibat",
    "Any country": "Semua negara",
    "Kind": "Jenis",
    "Topic": "Topik",
    "Actor": "Aktor",
    "name or slug, e.g. KOFICE": "nama atau slug, mis. KOFICE",
    "From": "Dari",
    "To": "Sampai",
    "Text": "Teks",
    "words in events and articles": "kata dalam peristiwa dan artikel",
    "Status": "Status",
    "Confirmed and proposed": "Terkonfirmasi dan diusulkan",
    "Apply": "Terapkan",
    "Clear": "Bersihkan",
    "Pages": "Halaman",
    "Previous": "Sebelumnya",
    "Page %(number)s of %(total)s": "Halaman %(number)s dari %(total)s",
    "Next": "Berikutnya",
    "website": "situs web",
    "Also known as": "Dikenal juga sebagai",
    "Countries in its events": "Negara dalam peristiwanya",
    "Open in the timeline": "Buka di lini masa",
    "No events yet.": "Belum ada peristiwa.",
    "Name or alias": "Nama atau alias",
    "Any kind": "Semua jenis",
    "Country": "Negara",
    "Filter": "Saring",
    "Name": "Nama",
    "Events": "Peristiwa",
    "No actors match.": "Tidak ada aktor yang cocok.",
    "Unknown publisher": "Penerbit tidak diketahui",
    "Original": "Asli",
    "A copy of": "Salinan dari",
    "country": "negara",
    "actor": "aktor",
    "topic": "topik",
    "date": "tanggal",
    "Events it supports": "Peristiwa yang didukungnya",
    "Tags": "Tag",
    "Countries": "Negara",
    "Topics": "Topik",
    "Dates": "Tanggal",
    "a party to the main event": "pihak dalam peristiwa utama",
    "Words in the title": "Kata dalam judul",
    "language (id, en…)": "bahasa (id, en…)",
    "country code": "kode negara",
    "No articles match.": "Tidak ada artikel yang cocok.",
    "Bad request": "Permintaan tidak valid",
    "This filter cannot be applied": "Filter ini tidak dapat diterapkan",
    "Start again without filters": "Mulai lagi tanpa filter",
    "bloc": "blok",
    "Members:": "Anggota:",
    "Member of:": "Anggota dari:",
    "Partners": "Mitra",
    "No partners yet.": "Belum ada mitra.",
    "Recent events": "Peristiwa terbaru",
    "Edit": "Sunting",
    "Stored text with its tags": "Teks tersimpan dengan tagnya",
    "No sources recorded.": "Belum ada sumber tercatat.",
    "Date": "Tanggal",
    "Parties": "Pihak",
    "Agreements signed": "Perjanjian ditandatangani",
    "Confidence": "Keyakinan",
    "Related events of the same pair": "Peristiwa terkait dari pasangan yang sama",
    "No other events for this pair yet.": "Belum ada peristiwa lain untuk pasangan ini.",
    "Any topic": "Semua topik",
    "Number of events per pair of countries": "Jumlah peristiwa per pasangan negara",
    "No pairs of countries under these filters.": "Tidak ada pasangan negara dengan filter ini.",
    "Review queue": "Antrean tinjauan",
    "confidence": "keyakinan",
    "Confirm": "Konfirmasi",
    "Reject": "Tolak",
    # The review queue's lanes and editors' decisions on scope (docs/editing.md, "Scope").
    "Proposed events": "Peristiwa yang diusulkan",
    "Out of scope (below the relevance threshold)": "Di luar cakupan (di bawah ambang relevansi)",
    "Articles the relevance stage scored below %(threshold)s: stored and searchable, but they made no event. Promote one the machine misjudged: a worker reads it again and proposes its event here.": "Artikel yang diberi skor di bawah %(threshold)s oleh tahap relevansi: tersimpan dan dapat dicari, tetapi tidak menjadi peristiwa. Masukkan ke cakupan artikel yang salah dinilai mesin: sebuah worker membacanya lagi dan mengusulkan peristiwanya di sini.",
    "relevance": "relevansi",
    "Promote": "Masukkan ke cakupan",
    "Promoted": "Dimasukkan ke cakupan",
    "Promoted by %(user)s: a worker is building its event": "Dimasukkan ke cakupan oleh %(user)s: sebuah worker sedang membangun peristiwanya",
    "Promoted by %(user)s, but the machine found no event in it": "Dimasukkan ke cakupan oleh %(user)s, tetapi mesin tidak menemukan peristiwa di dalamnya",
    "Promoted: %(title)s. A worker is building its event, which will be proposed in this queue.": "Dimasukkan ke cakupan: %(title)s. Sebuah worker sedang membangun peristiwanya, yang akan diusulkan di antrean ini.",
    "Add the event": "Tambahkan peristiwanya",
    "No article below the threshold without an event.": "Tidak ada artikel di bawah ambang tanpa peristiwa.",
    "Reject (wrong reading)": "Tolak (salah baca)",
    "Reject as out of scope": "Tolak karena di luar cakupan",
    "Rejected (wrong reading)": "Ditolak (salah baca)",
    "Rejected as out of scope": "Ditolak karena di luar cakupan",
    "Rejected as out of scope: %(title)s": "Ditolak karena di luar cakupan: %(title)s",
    "The article is in scope, but the machine read it wrong": "Artikel ini dalam cakupan, tetapi mesin salah membacanya",
    "Not AI or culture diplomacy: the article will make no event again": "Bukan diplomasi AI atau budaya: artikel ini tidak akan menjadi peristiwa lagi",
    "lane: use “proposed” or “out-of-scope”.": "lane: gunakan “proposed” atau “out-of-scope”.",
    "action: use confirm, reject, reject_out_of_scope, merge, keep or use.": "action: gunakan confirm, reject, reject_out_of_scope, merge, keep, atau use.",
    "Merge into #%(id)s (%(date)s)": "Gabung ke #%(id)s (%(date)s)",
    "Nothing to review. Well done.": "Tidak ada yang perlu ditinjau. Kerja bagus.",
    "Export": "Ekspor",
    "Subscribe to these events": "Berlangganan peristiwa ini",
    "No events match these filters.": "Tidak ada peristiwa yang cocok dengan filter ini.",
    "Remove a filter above to widen the search.": "Hapus salah satu filter di atas untuk memperluas pencarian.",
    "AI & Culture Diplomacy Tracker: who cooperates with whom, on what, and when.": (
        "Pelacak Diplomasi AI & Budaya: siapa bekerja sama dengan siapa, dalam hal apa, dan kapan."
    ),
    "Each cell counts the events in which both countries (or blocs) take part. "
    "Click a cell to open the timeline for that pair.": (
        "Setiap sel menghitung peristiwa yang melibatkan kedua negara (atau blok). "
        "Klik sel untuk membuka lini masa pasangan itu."
    ),
}
# Indonesian does not inflect for number: both plural forms carry the same text.
ID_PLURAL = {
    "and %(counter)s more": "dan %(counter)s lainnya",
    "%(counter)s source": "%(counter)s sumber",
    "%(counter)s event": "%(counter)s peristiwa",
    "%(counter)s actor": "%(counter)s aktor",
    "%(counter)s article": "%(counter)s artikel",
    "Source": "Sumber (%(counter)s)",
    "%(counter)s pair with events": "%(counter)s pasangan dengan peristiwa",
    "%(counter)s less active country is not shown.": "%(counter)s negara yang kurang aktif tidak ditampilkan.",
    "%(counter)s proposed event": "%(counter)s peristiwa diusulkan",
    "Too many requests from your address. Please try again in %(seconds)s second.": "Terlalu banyak permintaan dari alamat Anda. Silakan coba lagi dalam %(seconds)s detik.",
}


def main() -> None:
    with PO.open("rb") as handle:
        catalog = read_po(handle, locale="id")
    missing = []
    for message in catalog:
        if not message.id:
            continue
        if isinstance(message.id, tuple):
            text = ID_PLURAL.get(message.id[0])
            message.string = (text, text) if text else ("", "")
        else:
            text = ID.get(message.id)
            message.string = text or ""
        if not text:
            missing.append(message.id)
        message.flags.discard("fuzzy")
    catalog.fuzzy = False
    catalog.project = "diplomacy-tracker"
    catalog.language_team = "Indonesian"
    with PO.open("wb") as handle:
        write_po(handle, catalog, width=110)
    # Babel drops the plural rule when it writes; gettext needs it (Indonesian: one form).
    text = PO.read_text(encoding="utf-8")
    if "Plural-Forms" not in text:
        text = text.replace(
            '"Content-Type: text/plain; charset=utf-8\\n"\n',
            '"Content-Type: text/plain; charset=utf-8\\n"\n"Plural-Forms: nplurals=1; plural=0;\\n"\n',
            1,
        )
        PO.write_text(text, encoding="utf-8")
    for message_id in missing:
        print("untranslated:", message_id)


if __name__ == "__main__":
    main()
