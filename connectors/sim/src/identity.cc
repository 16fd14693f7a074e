#include "dxhub/sim/identity.h"

#include <array>
#include <span>

namespace dxhub::sim {
namespace {

struct NameList {
  std::span<const std::string_view> female;
  std::span<const std::string_view> male;
  std::span<const std::string_view> surnames;
};

constexpr std::string_view kBritishF[] = {"Sarah", "Emma",  "Claire", "Rachel", "Joanne",
                                          "Helen", "Amy",   "Laura",  "Gemma",  "Lucy",
                                          "Karen", "Susan", "Hannah", "Sophie", "Jennifer"};
constexpr std::string_view kBritishM[] = {"David",       "James",   "Mark",    "Paul",   "Andrew",
                                          "Richard",     "Daniel",  "Michael", "Thomas", "Stephen",
                                          "Christopher", "Matthew", "Gary",    "Simon",  "Ben"};
constexpr std::string_view kBritishS[] = {
    "Smith",  "Jones", "Taylor", "Brown",  "Wilson", "Walker",    "Wood",  "Robinson", "Thompson",
    "Wright", "Hall",  "Green",  "Clarke", "Holmes", "Sutcliffe", "Hirst", "Ackroyd",  "Binns"};
constexpr std::string_view kIrishF[] = {"Siobhan", "Aoife", "Niamh", "Ciara", "Mary"};
constexpr std::string_view kIrishM[] = {"Sean", "Patrick", "Ciaran", "Declan", "Liam"};
constexpr std::string_view kIrishS[] = {"Murphy", "Kelly",    "O'Brien", "Byrne",
                                        "Ryan",   "O'Connor", "Doyle",   "McCarthy"};
constexpr std::string_view kEuropeanF[] = {"Agnieszka", "Katarzyna", "Anna", "Ioana",
                                           "Lina",      "Monika",    "Elena"};
constexpr std::string_view kEuropeanM[] = {"Piotr", "Tomasz", "Marek",  "Andrei",
                                           "Jakub", "Lukas",  "Mateusz"};
constexpr std::string_view kEuropeanS[] = {"Nowak",    "Kowalski", "Wisniewski", "Popescu",
                                           "Kaminski", "Horvath",  "Novak",      "Dabrowski"};
constexpr std::string_view kSouthAsianF[] = {"Ayesha",  "Fatima",  "Samina", "Nadia",    "Sana",
                                             "Priya",   "Anjali",  "Shazia", "Rukhsana", "Aisha",
                                             "Nasreen", "Farzana", "Mehreen"};
constexpr std::string_view kSouthAsianM[] = {"Mohammed", "Imran",  "Zahid", "Asif",  "Tariq",
                                             "Rajesh",   "Sanjay", "Amir",  "Bilal", "Kashif",
                                             "Adnan",    "Faisal", "Naveed"};
constexpr std::string_view kSouthAsianS[] = {"Khan",    "Hussain", "Ahmed", "Akhtar", "Iqbal",
                                             "Mahmood", "Ali",     "Aziz",  "Patel",  "Sharma",
                                             "Singh",   "Rashid",  "Shah",  "Rehman", "Choudhury"};
constexpr std::string_view kAfricanF[] = {"Chiamaka", "Ngozi",    "Abena",
                                          "Grace",    "Blessing", "Precious"};
constexpr std::string_view kAfricanM[] = {"Chinedu", "Kwame", "Oluwaseun",
                                          "Tendai",  "Emeka", "Samuel"};
constexpr std::string_view kAfricanS[] = {"Okafor",  "Mensah",  "Adeyemi", "Moyo",
                                          "Okonkwo", "Boateng", "Nwosu"};
constexpr std::string_view kCaribbeanF[] = {"Marcia", "Sharon", "Jasmine", "Tanya", "Simone"};
constexpr std::string_view kCaribbeanM[] = {"Delroy", "Marcus", "Winston", "Leon", "Andre"};
constexpr std::string_view kCaribbeanS[] = {"Campbell", "Williams", "Francis",
                                            "Grant",    "Henry",    "Morgan"};
constexpr std::string_view kChineseF[] = {"Mei", "Li", "Xin", "Yan"};
constexpr std::string_view kChineseM[] = {"Wei", "Jun", "Hao", "Ming"};
constexpr std::string_view kChineseS[] = {"Wong", "Chen", "Li", "Zhang", "Liu"};
constexpr std::string_view kArabF[] = {"Layla", "Mariam", "Yasmin", "Noor"};
constexpr std::string_view kArabM[] = {"Omar", "Khalid", "Youssef", "Hassan"};
constexpr std::string_view kArabS[] = {"Al-Sayed", "Haddad", "Mansour", "Nasser"};

// Indexed by NameOrigin.
constexpr std::array<NameList, 8> kNames = {{
    {kBritishF, kBritishM, kBritishS},
    {kIrishF, kIrishM, kIrishS},
    {kEuropeanF, kEuropeanM, kEuropeanS},
    {kSouthAsianF, kSouthAsianM, kSouthAsianS},
    {kAfricanF, kAfricanM, kAfricanS},
    {kCaribbeanF, kCaribbeanM, kCaribbeanS},
    {kChineseF, kChineseM, kChineseS},
    {kArabF, kArabM, kArabS},
}};

std::string_view Pick(std::span<const std::string_view> list, uint64_t hash) {
  return list[hash % list.size()];
}

// A permutation of 0..9,999,999 that hides the serial's order: an invertible
// 24-bit mix (xor-shifts and odd multipliers), cycle-walked back into range.
uint32_t ScrambleSerial(uint32_t serial) {
  constexpr uint32_t kMask = (1u << 24) - 1;
  uint32_t x = serial;
  do {
    x ^= x >> 13;
    x = (x * 0x9E3779u) & kMask;
    x ^= x >> 11;
    x = (x * 0x5BD1E5u) & kMask;
    x ^= x >> 12;
  } while (x >= 10'000'000);
  return x;
}

}  // namespace

PersonName NameOf(const PartnerProfile& profile, const Person& person) {
  const uint64_t hash = Mix64(person.serial ^ HashText(profile.org_id, 17));
  const NameList& names =
      kNames[static_cast<size_t>(OriginOf(person.ethnicity, static_cast<uint32_t>(hash)))];
  const bool female = person.sex == Sex::kFemale;
  PersonName name;
  name.forename = Pick(female ? names.female : names.male, hash >> 8);
  name.surname = Pick(names.surnames, hash >> 24);
  if (profile.grades[person.grade].doctor) {
    name.title = "Dr";
  } else if (female) {
    constexpr std::string_view kTitles[] = {"Mrs", "Ms", "Miss"};
    name.title = kTitles[(hash >> 40) % 3];
  } else {
    name.title = "Mr";
  }
  return name;
}

void AppendStaffNumber(std::string& out, const PartnerProfile& profile, uint32_t serial) {
  SimCheck(serial < 10'000'000, "staff serial beyond seven digits");
  out.append(profile.staff_number_prefix);
  AppendReference(out, "", ScrambleSerial(serial), 7);
}

std::string StaffNumber(const PartnerProfile& profile, uint32_t serial) {
  std::string out;
  AppendStaffNumber(out, profile, serial);
  return out;
}

void AppendReference(std::string& out, std::string_view prefix, uint64_t number, int width) {
  out.append(prefix);
  char digits[24];
  int n = 0;
  do {
    digits[n++] = static_cast<char>('0' + number % 10);
    number /= 10;
  } while (number > 0 && n < 20);
  for (int pad = n; pad < width; ++pad) out.push_back('0');
  while (n > 0) out.push_back(digits[--n]);
}

}  // namespace dxhub::sim
